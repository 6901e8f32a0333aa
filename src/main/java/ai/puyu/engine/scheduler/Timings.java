package ai.puyu.engine.scheduler;

/**
 * Timings of one generation, in nanoseconds.
 *
 * @param queueNanos             from submit to admission into the batch
 * @param timeToFirstTokenNanos  from submit to the first token (0 when none came)
 * @param decodeNanos            from the first token to the last
 * @param decodeTokens           tokens after the first
 */
public record Timings(long queueNanos, long timeToFirstTokenNanos, long decodeNanos, int decodeTokens) {

    /** Tokens per second after the first (0 when fewer than two tokens). */
    public double decodeTokensPerSecond() {
        return decodeNanos <= 0 || decodeTokens == 0 ? 0 : decodeTokens * 1e9 / decodeNanos;
    }
}

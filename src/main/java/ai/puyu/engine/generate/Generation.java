package ai.puyu.engine.generate;

/**
 * The outcome of one generation.
 *
 * @param tokens       the generated ids, stop token excluded
 * @param text         their text, cut before a stop string
 * @param finishReason "stop" (stop token or stop string) or "length" (max new tokens)
 * @param promptTokens tokens prefilled for this call
 * @param decodeSteps  forward steps of one token after the prefill
 * @param prefillNanos time to process the prompt and choose the first token
 * @param decodeNanos  time of the remaining steps
 */
public record Generation(int[] tokens, String text, String finishReason, int promptTokens, int decodeSteps, long prefillNanos,
                         long decodeNanos) {

    /** Prompt tokens per second. */
    public double prefillTokensPerSecond() {
        return prefillNanos == 0 ? 0 : promptTokens * 1e9 / prefillNanos;
    }

    /** Decode steps per second. */
    public double decodeTokensPerSecond() {
        return decodeNanos == 0 ? 0 : decodeSteps * 1e9 / decodeNanos;
    }
}

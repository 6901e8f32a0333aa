package ai.puyu.engine.scheduler;

/** Refusal of a request because the queue is full; the API answers 429 with Retry-After. */
public final class QueueFullException extends RuntimeException {

    private final int retryAfterSeconds;

    public QueueFullException(int queued, int retryAfterSeconds) {
        super("the engine is busy: " + queued + " requests are already queued; retry in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A hint for Retry-After. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package ai.puyu.engine.scheduler;

import java.util.Locale;

/** Why a generation ended. */
public enum FinishReason {
    /** A stop token or stop string. */
    STOP,
    /** The max new tokens or the context limit. */
    LENGTH,
    /** Cancelled by the caller. */
    CANCELLED,
    /** Failed; the final event carries the message. */
    ERROR;

    /** "stop", "length", "cancelled", "error". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

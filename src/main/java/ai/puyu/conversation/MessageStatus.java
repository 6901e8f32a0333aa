package ai.puyu.conversation;

import java.util.Locale;

/** Where a message stands; only assistant replies are ever anything but {@link #COMPLETE}. */
public enum MessageStatus {
    /** Fully written (every user message, and a reply that ended normally). */
    COMPLETE,
    /** A reply being generated now. */
    STREAMING,
    /** A reply cut short on purpose: stop pressed or the client went away; partial content kept. */
    STOPPED,
    /** A reply that failed; the error text says why, partial content kept. */
    ERROR,
    /** A reply that was streaming when the process died; found and marked at the next start. */
    INTERRUPTED;

    /** The lower-case name used in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code name} (case-insensitive); a clear error naming the value otherwise. */
    public static MessageStatus fromWireName(String name) {
        for (MessageStatus status : values()) {
            if (status.wireName().equalsIgnoreCase(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown message status '" + name + "'");
    }
}

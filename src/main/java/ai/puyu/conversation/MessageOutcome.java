package ai.puyu.conversation;

import java.util.Objects;

/**
 * How a streaming reply ended, handed to {@link ConversationService#finishAssistantMessage}.
 *
 * @param content      the whole text generated (partial when stopped or failed)
 * @param status       complete, stopped or error
 * @param finishReason why generation ended ({@code stop}, {@code length}, ...), may be null
 * @param errorText    what went wrong; required for status error, must be null otherwise
 * @param stats        what the engine measured, may be null
 */
public record MessageOutcome(String content, MessageStatus status, String finishReason, String errorText,
                             GenerationStats stats) {

    public MessageOutcome {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
        if (status != MessageStatus.COMPLETE && status != MessageStatus.STOPPED && status != MessageStatus.ERROR) {
            throw new IllegalArgumentException("a reply finishes as complete, stopped or error, not " + status.wireName());
        }
        if (status == MessageStatus.ERROR && (errorText == null || errorText.isBlank())) {
            throw new IllegalArgumentException("errorText is required when a reply finishes with status error");
        }
        if (status != MessageStatus.ERROR && errorText != null) {
            throw new IllegalArgumentException("errorText is only for status error, not " + status.wireName());
        }
    }

    /** A reply that ended normally. */
    public static MessageOutcome complete(String content, String finishReason, GenerationStats stats) {
        return new MessageOutcome(content, MessageStatus.COMPLETE, finishReason, null, stats);
    }

    /** A reply cut short by stop or by the client going away. */
    public static MessageOutcome stopped(String content, GenerationStats stats) {
        return new MessageOutcome(content, MessageStatus.STOPPED, null, null, stats);
    }

    /** A reply that failed with {@code errorText}, keeping what was generated before. */
    public static MessageOutcome error(String content, String errorText, GenerationStats stats) {
        return new MessageOutcome(content, MessageStatus.ERROR, null, errorText, stats);
    }
}

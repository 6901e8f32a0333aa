package ai.puyu.conversation;

/**
 * No conversation with this id belongs to the caller: it does not exist, or it belongs to someone
 * else (the two are deliberately not told apart). The API answers 404.
 */
public class ConversationNotFoundException extends RuntimeException {

    private final long conversationId;

    public ConversationNotFoundException(long conversationId) {
        super("conversation " + conversationId + " not found");
        this.conversationId = conversationId;
    }

    /** The id that was asked for. */
    public long conversationId() {
        return conversationId;
    }
}

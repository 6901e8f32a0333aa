package ai.puyu.conversation;

/**
 * The generation settings a conversation keeps for its next replies; any field may be null
 * (meaning the server's default).
 *
 * @param systemPrompt the system prompt put before the messages
 * @param maxNewTokens the most tokens a reply may have
 * @param temperature  the sampling temperature
 * @param topP         the nucleus-sampling probability mass
 */
public record ConversationSettings(String systemPrompt, Integer maxNewTokens, Double temperature, Double topP) {

    /** No settings: every value is the server's default. */
    public static final ConversationSettings DEFAULTS = new ConversationSettings(null, null, null, null);
}

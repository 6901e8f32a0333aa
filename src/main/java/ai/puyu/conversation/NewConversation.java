package ai.puyu.conversation;

/**
 * What {@link ConversationService#create} needs besides the owner.
 *
 * @param title    the title; null or blank gives {@value ConversationService#DEFAULT_TITLE}
 * @param apiKeyId the API key making it through {@code /v1}, null for the chat page
 * @param model    the model name that answers it
 * @param backend  the engine backend that answers it
 * @param settings its generation settings; null means all defaults
 */
public record NewConversation(String title, Long apiKeyId, String model, String backend,
                              ConversationSettings settings) {
}

package ai.puyu.admin.review;

/**
 * One line of the review list: the conversation and counts over its messages.
 *
 * @param conversation     the conversation
 * @param messages         how many messages it has
 * @param promptTokens     prompt tokens over its replies
 * @param completionTokens generated tokens over its replies
 * @param good             replies rated good
 * @param bad              replies rated bad
 * @param errors           replies that failed (error or interrupted)
 * @param snippet          the first user message, or with a search the text around the first match (up to 200
 *                         characters), null when there is none
 */
public record ConversationSummary(ReviewConversation conversation, long messages, long promptTokens,
                                  long completionTokens, long good, long bad, long errors, String snippet) {
}

package ai.puyu.admin.review;

/**
 * Counts over every conversation a filter selects (not just one page).
 *
 * @param conversations    conversations
 * @param flagged          of which flagged
 * @param messages         their messages
 * @param good             replies rated good
 * @param bad              replies rated bad
 * @param promptTokens     prompt tokens over their replies
 * @param completionTokens generated tokens over their replies
 */
public record ReviewCounts(long conversations, long flagged, long messages, long good, long bad, long promptTokens,
                           long completionTokens) {
}

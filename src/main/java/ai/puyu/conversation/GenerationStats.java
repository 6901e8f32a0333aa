package ai.puyu.conversation;

/**
 * What the serving engine measured while generating a reply; null where not measured.
 *
 * @param promptTokens          tokens in the prompt
 * @param completionTokens      tokens generated
 * @param cachedTokens          prompt tokens reused from the prefix cache (not prefilled again)
 * @param timeToFirstTokenMs    from submission to the first generated token, in milliseconds
 * @param decodeTokensPerSecond generated tokens per second after the first one
 */
public record GenerationStats(Integer promptTokens, Integer completionTokens, Integer cachedTokens,
                              Double timeToFirstTokenMs, Double decodeTokensPerSecond) {
}

package ai.puyu.engine.scheduler;

/**
 * Token counts of one generation.
 *
 * @param promptTokens     tokens of the prompt
 * @param cachedTokens     prompt tokens served from the prefix cache (not recomputed)
 * @param completionTokens generated tokens (a stop token not counted)
 */
public record Usage(int promptTokens, int cachedTokens, int completionTokens) {
}

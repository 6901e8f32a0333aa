package ai.puyu.conversation;

/**
 * The sampling parameters a reply was generated with, stored as columns of {@code message} so that
 * the review pages can filter on them; null means "not set".
 *
 * @param temperature       softmax temperature (0 = greedy)
 * @param topP              nucleus-sampling probability mass
 * @param topK              keep only the K most likely tokens
 * @param minP              drop tokens below this fraction of the most likely one
 * @param maxNewTokens      the most tokens the reply may have
 * @param seed              the random seed
 * @param repetitionPenalty multiplicative penalty on tokens already seen
 * @param presencePenalty   additive penalty on tokens already seen
 * @param frequencyPenalty  additive penalty per occurrence of a token
 */
public record Sampling(Double temperature, Double topP, Integer topK, Double minP, Integer maxNewTokens, Long seed,
                       Double repetitionPenalty, Double presencePenalty, Double frequencyPenalty) {
}

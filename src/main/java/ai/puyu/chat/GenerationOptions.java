package ai.puyu.chat;

import java.util.List;

/**
 * Sampling options of one request as the client gave them; null means the model's or server's default.
 *
 * @param maxTokens         the most tokens to generate
 * @param temperature       0 is greedy
 * @param topP              nucleus mass in (0, 1]
 * @param topK              keep the k most likely tokens (0: off)
 * @param minP              drop tokens below this fraction of the best one
 * @param repetitionPenalty Hugging Face's multiplicative penalty
 * @param presencePenalty   OpenAI's presence penalty
 * @param frequencyPenalty  OpenAI's frequency penalty
 * @param seed              the random seed
 * @param stop              texts that end the reply (not included in it)
 * @param topLogprobs       null: no log-probabilities; 0: each token's own; k > 0: also the k most likely tokens'
 */
public record GenerationOptions(Integer maxTokens, Double temperature, Double topP, Integer topK, Double minP,
                                Double repetitionPenalty, Double presencePenalty, Double frequencyPenalty, Long seed,
                                List<String> stop, Integer topLogprobs) {

    public GenerationOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** Options without log-probabilities. */
    public GenerationOptions(Integer maxTokens, Double temperature, Double topP, Integer topK, Double minP,
                             Double repetitionPenalty, Double presencePenalty, Double frequencyPenalty, Long seed,
                             List<String> stop) {
        this(maxTokens, temperature, topP, topK, minP, repetitionPenalty, presencePenalty, frequencyPenalty, seed,
                stop, null);
    }

    /** Every option at its default. */
    public static GenerationOptions defaults() {
        return new GenerationOptions(null, null, null, null, null, null, null, null, null, List.of());
    }
}

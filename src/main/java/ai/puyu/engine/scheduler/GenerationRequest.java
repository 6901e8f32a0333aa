package ai.puyu.engine.scheduler;

import ai.puyu.engine.sampling.Logprobs;
import ai.puyu.engine.sampling.SamplingParams;

/**
 * One generation to run: the prompt's token ids, how to sample (including max new tokens, stop ids and stop
 * strings) and whether to report log-probabilities.
 *
 * @param requestId    names the request in errors and logs
 * @param promptTokens the prompt's ids
 * @param params       how to sample and when to stop
 * @param topLogprobs  -1: no log-probabilities (nothing is computed); 0: the chosen token's only; k > 0: also the
 *                     k most likely tokens' (see {@link Logprobs}: the model's raw distribution), at most
 *                     {@link Logprobs#MAX_TOP}
 */
public record GenerationRequest(String requestId, int[] promptTokens, SamplingParams params, int topLogprobs) {

    public GenerationRequest {
        if (requestId == null || promptTokens == null || params == null) {
            throw new IllegalArgumentException("a generation request needs an id, prompt tokens and sampling params");
        }
        if (topLogprobs < -1 || topLogprobs > Logprobs.MAX_TOP) {
            throw new IllegalArgumentException("top logprobs must be -1 (none) or in [0, " + Logprobs.MAX_TOP
                    + "], not " + topLogprobs);
        }
        promptTokens = promptTokens.clone();
    }

    /** A request without log-probabilities. */
    public GenerationRequest(String requestId, int[] promptTokens, SamplingParams params) {
        this(requestId, promptTokens, params, -1);
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    /** Whether each token event carries {@link Logprobs}. */
    public boolean wantsLogprobs() {
        return topLogprobs >= 0;
    }
}

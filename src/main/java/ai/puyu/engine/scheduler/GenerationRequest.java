package ai.puyu.engine.scheduler;

import ai.puyu.engine.sampling.SamplingParams;

/**
 * One generation to run: the prompt's token ids and how to sample (including max new tokens, stop ids and
 * stop strings).
 */
public record GenerationRequest(String requestId, int[] promptTokens, SamplingParams params) {

    public GenerationRequest {
        if (requestId == null || promptTokens == null || params == null) {
            throw new IllegalArgumentException("a generation request needs an id, prompt tokens and sampling params");
        }
        promptTokens = promptTokens.clone();
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }
}

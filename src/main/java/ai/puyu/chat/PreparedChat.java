package ai.puyu.chat;

import ai.puyu.engine.sampling.SamplingParams;

/**
 * A validated request, ready to store and submit: the prompt's token ids and the sampling parameters.
 *
 * @param request      the request as given
 * @param promptTokens the rendered, tokenized prompt
 * @param params       sampling parameters with defaults applied, stop ids and stop strings
 */
public record PreparedChat(ChatRequest request, int[] promptTokens, SamplingParams params) {

    public PreparedChat {
        promptTokens = promptTokens.clone();
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }
}

package ai.puyu.engine.scheduler;

import ai.puyu.engine.sampling.Logprobs;

/** What a generation's stream carries: one {@link Token} per generated token, then one {@link Finished}. */
public sealed interface TokenEvent permits TokenEvent.Token, TokenEvent.Finished {

    /**
     * A generated token.
     *
     * @param tokenId  the id
     * @param text     the text that became final with it (empty while UTF-8 is incomplete or a stop string may
     *                 start)
     * @param logprobs its log-probability and the best alternatives' when the request asked for them
     *                 ({@link GenerationRequest#topLogprobs()} >= 0), else null
     */
    record Token(int tokenId, String text, Logprobs logprobs) implements TokenEvent {

        /** A token without log-probabilities. */
        public Token(int tokenId, String text) {
            this(tokenId, text, null);
        }
    }

    /**
     * The end of the stream.
     *
     * @param reason  why it ended
     * @param text    text held back until the end (usually empty)
     * @param error   the message when the reason is ERROR, else null
     * @param usage   token counts
     * @param timings queue time, time to first token, decode speed
     */
    record Finished(FinishReason reason, String text, String error, Usage usage, Timings timings) implements TokenEvent {
    }
}

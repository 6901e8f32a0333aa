package ai.puyu.chat;

import ai.puyu.engine.scheduler.FinishReason;
import ai.puyu.engine.scheduler.Timings;
import ai.puyu.engine.scheduler.Usage;
import java.util.List;

/** What a reply's stream carries: text deltas, then one {@link Done} (or an error signal). */
public sealed interface ChatEvent permits ChatEvent.Delta, ChatEvent.Done {

    /**
     * Text that became final (never empty).
     *
     * @param text     the new text
     * @param logprobs the log-probabilities of the tokens that produced it (and of tokens before them whose text
     *                 was held back), in order; null when the request did not ask for log-probabilities
     */
    record Delta(String text, List<TokenLogprob> logprobs) implements ChatEvent {

        /** Text without log-probabilities. */
        public Delta(String text) {
            this(text, null);
        }
    }

    /**
     * The reply ended and is stored.
     *
     * @param reason         stop or length (cancelled when the caller stopped it)
     * @param content        the whole reply text
     * @param usage          token counts, with the prompt tokens reused from the prefix cache
     * @param timings        time to first token and decode speed
     * @param conversationId the stored conversation
     * @param messageId      the stored reply
     * @param logprobs       the log-probabilities of every generated token (the stop token excluded), in order;
     *                       those not carried by a {@link Delta} (text held back to the end, or cut by a stop
     *                       string) are the last ones; null when the request did not ask for them
     */
    record Done(FinishReason reason, String content, Usage usage, Timings timings, long conversationId,
                long messageId, List<TokenLogprob> logprobs) implements ChatEvent {

        /** The end of a reply without log-probabilities. */
        public Done(FinishReason reason, String content, Usage usage, Timings timings, long conversationId,
                    long messageId) {
            this(reason, content, usage, timings, conversationId, messageId, null);
        }
    }
}

package ai.puyu.chat;

import ai.puyu.engine.scheduler.FinishReason;
import ai.puyu.engine.scheduler.Timings;
import ai.puyu.engine.scheduler.Usage;

/** What a reply's stream carries: text deltas, then one {@link Done} (or an error signal). */
public sealed interface ChatEvent permits ChatEvent.Delta, ChatEvent.Done {

    /** Text that became final (never empty). */
    record Delta(String text) implements ChatEvent {
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
     */
    record Done(FinishReason reason, String content, Usage usage, Timings timings, long conversationId,
                long messageId) implements ChatEvent {
    }
}

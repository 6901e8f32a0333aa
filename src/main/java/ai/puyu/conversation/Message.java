package ai.puyu.conversation;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One message of a conversation, an aggregate of its own (see the package description).
 *
 * @param id             database id, null until saved
 * @param conversationId the conversation it belongs to
 * @param seq            its place in the conversation: 0, 1, 2, ... without gaps
 * @param role           who wrote it
 * @param content        its text (partial for a reply that is streaming, stopped, failed or interrupted)
 * @param status         where it stands; only replies are ever other than complete
 * @param finishReason   why generation ended ({@code stop}, {@code length}, ...), null otherwise
 * @param errorText      what went wrong, for status error
 * @param model          the model that generated a reply
 * @param backend        the engine backend that generated a reply
 * @param sampling       the sampling parameters of a reply, null for other messages
 * @param stats          token counts and timings of a reply, null until it finishes
 * @param createdAt      when it was stored (a reply: when generation started)
 * @param finishedAt     when a reply stopped streaming, null while streaming
 */
@Table
public record Message(@Id Long id, long conversationId, int seq, Role role, String content, MessageStatus status,
                      String finishReason, String errorText, String model, String backend,
                      @Embedded.Nullable Sampling sampling, @Embedded.Nullable GenerationStats stats,
                      Instant createdAt, Instant finishedAt) {

    /** A message written whole (user, system, tool, or an assistant turn sent in by a client). */
    static Message complete(long conversationId, int seq, Role role, String content, Instant now) {
        return new Message(null, conversationId, seq, role, content, MessageStatus.COMPLETE,
                null, null, null, null, null, null, now, now);
    }

    /** An assistant reply whose generation starts now, with no content yet. */
    static Message streaming(long conversationId, int seq, String model, String backend, Sampling sampling,
                             Instant now) {
        return new Message(null, conversationId, seq, Role.ASSISTANT, "", MessageStatus.STREAMING,
                null, null, model, backend, sampling, null, now, null);
    }

    /** This reply as it ended. */
    Message finished(MessageOutcome outcome, Instant now) {
        return new Message(id, conversationId, seq, role, outcome.content(), outcome.status(),
                outcome.finishReason(), outcome.errorText(), model, backend, sampling, outcome.stats(),
                createdAt, now);
    }
}

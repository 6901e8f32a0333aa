package ai.puyu.admin.review;

import ai.puyu.conversation.Sampling;
import java.time.Instant;

/**
 * One message with everything stored about it: what the engine measured for a reply, the sampling
 * parameters it was generated with, and its rating.
 *
 * @param id               database id
 * @param conversationId   its conversation
 * @param seq              its place in the conversation (0, 1, 2, ...)
 * @param role             system, user, assistant or tool
 * @param content          its text
 * @param status           complete, streaming, stopped, error or interrupted
 * @param finishReason     why generation ended, null when not a finished reply
 * @param errorText        what went wrong, for status error
 * @param model            the model that generated a reply
 * @param backend          the backend that generated a reply
 * @param createdAt        when it was stored (a reply: when generation started)
 * @param finishedAt       when a reply stopped streaming
 * @param promptTokens     tokens in the prompt of a reply
 * @param completionTokens tokens generated
 * @param cachedTokens     prompt tokens reused from the prefix cache
 * @param timeToFirstTokenMs from submission to the first token, in milliseconds
 * @param tokensPerSecond  decode speed after the first token
 * @param sampling         the sampling parameters of a reply, null for other messages
 * @param rating           {@code good}, {@code bad} or null
 * @param ratedBy          who rated it
 * @param ratedAt          when
 */
public record ReviewMessage(long id, long conversationId, int seq, String role, String content, String status,
                            String finishReason, String errorText, String model, String backend, Instant createdAt,
                            Instant finishedAt, Integer promptTokens, Integer completionTokens, Integer cachedTokens,
                            Double timeToFirstTokenMs, Double tokensPerSecond, Sampling sampling, String rating,
                            String ratedBy, Instant ratedAt) {

    /** Whether reviewers can rate it: a reply that is no longer streaming. */
    public boolean rateable() {
        return "assistant".equals(role) && !"streaming".equals(status);
    }
}

package ai.puyu.admin.export;

import ai.puyu.admin.review.Flag;
import ai.puyu.admin.review.ReviewConversation;
import ai.puyu.admin.review.ReviewMessage;
import ai.puyu.admin.review.Transcript;
import ai.puyu.conversation.Sampling;
import java.time.Instant;
import java.util.List;

/**
 * One line of the JSONL export: a conversation with its settings, flag and every message with its
 * metadata. Field names are camelCase; absent values are written as null. Messages keep OpenAI's
 * {@code role}/{@code content} pair, so a line can be turned into a fine-tuning example by keeping
 * {@code messages[].role} and {@code messages[].content} (the system prompt is {@code systemPrompt}).
 *
 * @param id           conversation id
 * @param title        title
 * @param owner        user name or anonymous browser id
 * @param apiKeyId     the API key that created it, null for the chat page
 * @param apiKeyName   that key's name
 * @param model        the model that answers it
 * @param backend      the engine backend that answers it
 * @param systemPrompt its system prompt, null when none
 * @param settings     its generation settings
 * @param createdAt    when it started
 * @param updatedAt    when it last changed
 * @param flag         its flag, null when not flagged
 * @param messages     its messages in order
 */
record ExportLine(long id, String title, String owner, Long apiKeyId, String apiKeyName, String model, String backend,
                  String systemPrompt, Settings settings, Instant createdAt, Instant updatedAt, Flag flag,
                  List<Line> messages) {

    /**
     * A conversation's generation settings (null: the server's default).
     *
     * @param maxNewTokens the reply length limit
     * @param temperature  the temperature
     * @param topP         the top-p
     */
    record Settings(Integer maxNewTokens, Double temperature, Double topP) {
    }

    /**
     * Token counts of a reply.
     *
     * @param promptTokens     tokens in the prompt
     * @param completionTokens tokens generated
     * @param cachedTokens     prompt tokens reused from the prefix cache
     */
    record Usage(Integer promptTokens, Integer completionTokens, Integer cachedTokens) {
    }

    /**
     * One message.
     *
     * @param id                 message id
     * @param seq                its place, from 0
     * @param role               system, user, assistant or tool
     * @param content            its text
     * @param status             complete, streaming, stopped, error or interrupted
     * @param finishReason       why generation ended
     * @param errorText          what went wrong, for status error
     * @param model              the model that generated a reply
     * @param backend            the backend that generated a reply
     * @param createdAt          when it was stored
     * @param finishedAt         when a reply finished
     * @param usage              token counts of a reply, null for other messages
     * @param timeToFirstTokenMs time to the first token in milliseconds
     * @param tokensPerSecond    decode speed
     * @param sampling           sampling parameters of a reply
     * @param rating             good, bad or null
     * @param ratedBy            who rated it
     * @param ratedAt            when
     */
    record Line(long id, int seq, String role, String content, String status, String finishReason, String errorText,
                String model, String backend, Instant createdAt, Instant finishedAt, Usage usage,
                Double timeToFirstTokenMs, Double tokensPerSecond, Sampling sampling, String rating, String ratedBy,
                Instant ratedAt) {
    }

    static ExportLine of(Transcript transcript) {
        ReviewConversation c = transcript.conversation();
        return new ExportLine(c.id(), c.title(), c.owner(), c.apiKeyId(), c.apiKeyName(), c.model(), c.backend(),
                c.systemPrompt(), new Settings(c.maxNewTokens(), c.temperature(), c.topP()), c.createdAt(),
                c.updatedAt(), c.flag(), transcript.messages().stream().map(ExportLine::line).toList());
    }

    private static Line line(ReviewMessage m) {
        boolean counted = m.promptTokens() != null || m.completionTokens() != null || m.cachedTokens() != null;
        return new Line(m.id(), m.seq(), m.role(), m.content(), m.status(), m.finishReason(), m.errorText(), m.model(),
                m.backend(), m.createdAt(), m.finishedAt(),
                counted ? new Usage(m.promptTokens(), m.completionTokens(), m.cachedTokens()) : null,
                m.timeToFirstTokenMs(), m.tokensPerSecond(), m.sampling(), m.rating(), m.ratedBy(), m.ratedAt());
    }
}

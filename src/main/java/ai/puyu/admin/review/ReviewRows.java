package ai.puyu.admin.review;

import ai.puyu.conversation.Sampling;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The SELECT lists and row mappers of conversations and messages, shared by the review list and the export. */
final class ReviewRows {

    /** Conversation columns, from {@code conversation c LEFT JOIN api_key k}. */
    static final String CONVERSATION_COLUMNS = "c.id, c.owner, c.api_key_id, k.name AS api_key_name, c.title, c.model,"
            + " c.backend, c.system_prompt, c.max_new_tokens, c.temperature, c.top_p, c.created_at, c.updated_at,"
            + " c.flagged_at, c.flagged_by, c.flag_reason";

    /** The FROM clause that goes with {@link #CONVERSATION_COLUMNS}. */
    static final String CONVERSATION_FROM = " FROM conversation c LEFT JOIN api_key k ON k.id = c.api_key_id";

    /** Message columns, from {@code message m}. */
    static final String MESSAGE_COLUMNS = "m.id, m.conversation_id, m.seq, m.role, m.content, m.status, m.finish_reason,"
            + " m.error_text, m.model, m.backend, m.created_at, m.finished_at, m.prompt_tokens, m.completion_tokens,"
            + " m.cached_tokens, m.time_to_first_token_ms, m.decode_tokens_per_second, m.temperature, m.top_p,"
            + " m.top_k, m.min_p, m.max_new_tokens, m.seed, m.repetition_penalty, m.presence_penalty,"
            + " m.frequency_penalty, m.rating, m.rated_by, m.rated_at";

    private ReviewRows() {
    }

    /** A conversation row; its flag carries no tags yet (they are read separately). */
    static ReviewConversation conversation(ResultSet rs) throws SQLException {
        Instant flaggedAt = instant(rs, "flagged_at");
        Flag flag = flaggedAt == null ? null
                : new Flag(rs.getString("flag_reason"), List.of(), rs.getString("flagged_by"), flaggedAt);
        return new ReviewConversation(rs.getLong("id"), rs.getString("owner"), rs.getObject("api_key_id", Long.class),
                rs.getString("api_key_name"), rs.getString("title"), rs.getString("model"), rs.getString("backend"),
                rs.getString("system_prompt"), rs.getObject("max_new_tokens", Integer.class),
                rs.getObject("temperature", Double.class), rs.getObject("top_p", Double.class),
                instant(rs, "created_at"), instant(rs, "updated_at"), flag);
    }

    static ReviewMessage message(ResultSet rs) throws SQLException {
        Sampling sampling = new Sampling(rs.getObject("temperature", Double.class), rs.getObject("top_p", Double.class),
                rs.getObject("top_k", Integer.class), rs.getObject("min_p", Double.class),
                rs.getObject("max_new_tokens", Integer.class), rs.getObject("seed", Long.class),
                rs.getObject("repetition_penalty", Double.class), rs.getObject("presence_penalty", Double.class),
                rs.getObject("frequency_penalty", Double.class));
        if (sampling.equals(new Sampling(null, null, null, null, null, null, null, null, null))) {
            sampling = null;
        }
        return new ReviewMessage(rs.getLong("id"), rs.getLong("conversation_id"), rs.getInt("seq"),
                rs.getString("role"), rs.getString("content"), rs.getString("status"), rs.getString("finish_reason"),
                rs.getString("error_text"), rs.getString("model"), rs.getString("backend"), instant(rs, "created_at"),
                instant(rs, "finished_at"), rs.getObject("prompt_tokens", Integer.class),
                rs.getObject("completion_tokens", Integer.class), rs.getObject("cached_tokens", Integer.class),
                rs.getObject("time_to_first_token_ms", Double.class),
                rs.getObject("decode_tokens_per_second", Double.class), sampling, rs.getString("rating"),
                rs.getString("rated_by"), instant(rs, "rated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}

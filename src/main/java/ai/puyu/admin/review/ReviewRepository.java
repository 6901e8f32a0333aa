package ai.puyu.admin.review;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The review queries over conversations and messages (plain SQL through {@link NamedParameterJdbcTemplate},
 * filters from {@link ReviewSql}, every value bound). Blocking: call it off the event loop, inside the
 * transactions of {@link ReviewService}.
 */
@Repository
public class ReviewRepository {

    private static final int SNIPPET = 200;
    private static final int SNIPPET_BEFORE = 60;

    private final NamedParameterJdbcTemplate jdbc;

    public ReviewRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts over everything {@code filter} selects. */
    public ReviewCounts counts(ReviewFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = ReviewSql.where(filter, params);
        var conversations = jdbc.queryForMap("SELECT COUNT(*) AS n,"
                + " SUM(CASE WHEN c.flagged_at IS NOT NULL THEN 1 ELSE 0 END) AS flagged"
                + " FROM conversation c WHERE " + where, params);
        var messages = jdbc.queryForMap("SELECT COUNT(*) AS n,"
                + " SUM(CASE WHEN m.rating = 'good' THEN 1 ELSE 0 END) AS good,"
                + " SUM(CASE WHEN m.rating = 'bad' THEN 1 ELSE 0 END) AS bad,"
                + " SUM(m.prompt_tokens) AS prompt_tokens, SUM(m.completion_tokens) AS completion_tokens"
                + " FROM message m WHERE m.conversation_id IN (SELECT c.id FROM conversation c WHERE " + where + ")",
                params);
        return new ReviewCounts(number(conversations, "n"), number(conversations, "flagged"), number(messages, "n"),
                number(messages, "good"), number(messages, "bad"), number(messages, "prompt_tokens"),
                number(messages, "completion_tokens"));
    }

    /** One page of the conversations {@code filter} selects, in {@code sort} order, with their counts. */
    public List<ConversationSummary> find(ReviewFilter filter, ReviewSort sort, long offset, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = ReviewSql.where(filter, params);
        params.addValue("offset", offset).addValue("limit", limit);
        List<ReviewConversation> page = withTags(jdbc.query("SELECT " + ReviewRows.CONVERSATION_COLUMNS
                + ReviewRows.CONVERSATION_FROM + " WHERE " + where + " ORDER BY " + sort.orderBy()
                + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY", params, (rs, i) -> ReviewRows.conversation(rs)));
        if (page.isEmpty()) {
            return List.of();
        }
        List<Long> ids = page.stream().map(ReviewConversation::id).toList();
        Map<Long, long[]> stats = new HashMap<>();
        jdbc.query("SELECT m.conversation_id, COUNT(*) AS n, SUM(m.prompt_tokens) AS pt, SUM(m.completion_tokens) AS ct,"
                + " SUM(CASE WHEN m.rating = 'good' THEN 1 ELSE 0 END) AS good,"
                + " SUM(CASE WHEN m.rating = 'bad' THEN 1 ELSE 0 END) AS bad,"
                + " SUM(CASE WHEN m.status IN ('error', 'interrupted') THEN 1 ELSE 0 END) AS errors"
                + " FROM message m WHERE m.conversation_id IN (:ids) GROUP BY m.conversation_id",
                Map.of("ids", ids), rs -> {
                    stats.put(rs.getLong("conversation_id"), new long[] {rs.getLong("n"), rs.getLong("pt"),
                            rs.getLong("ct"), rs.getLong("good"), rs.getLong("bad"), rs.getLong("errors")});
                });
        Map<Long, String> snippets = snippets(ids, filter.terms());
        List<ConversationSummary> items = new ArrayList<>(page.size());
        for (ReviewConversation c : page) {
            long[] s = stats.getOrDefault(c.id(), new long[6]);
            items.add(new ConversationSummary(c, s[0], s[1], s[2], s[3], s[4], s[5], snippets.get(c.id())));
        }
        return items;
    }

    /** The conversation, with its flag and tags. */
    public Optional<ReviewConversation> conversation(long id) {
        List<ReviewConversation> found = jdbc.query("SELECT " + ReviewRows.CONVERSATION_COLUMNS
                + ReviewRows.CONVERSATION_FROM + " WHERE c.id = :id", Map.of("id", id), (rs, i) -> ReviewRows.conversation(rs));
        return withTags(found).stream().findFirst();
    }

    /** The conversation's messages by seq. */
    public List<ReviewMessage> messages(long conversationId) {
        return jdbc.query("SELECT " + ReviewRows.MESSAGE_COLUMNS + " FROM message m WHERE m.conversation_id = :id"
                + " ORDER BY m.seq", Map.of("id", conversationId), (rs, i) -> ReviewRows.message(rs));
    }

    /** The message, if it exists. */
    public Optional<ReviewMessage> message(long messageId) {
        return jdbc.query("SELECT " + ReviewRows.MESSAGE_COLUMNS + " FROM message m WHERE m.id = :id",
                Map.of("id", messageId), (rs, i) -> ReviewRows.message(rs)).stream().findFirst();
    }

    /**
     * Up to {@code limit} whole conversations that {@code filter} selects with an id above {@code afterId}, by
     * ascending id (keyset paging: the export reads a bounded batch at a time).
     */
    public List<Transcript> transcriptsAfter(ReviewFilter filter, long afterId, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = ReviewSql.where(filter, params);
        params.addValue("after", afterId).addValue("limit", limit);
        List<ReviewConversation> batch = withTags(jdbc.query("SELECT " + ReviewRows.CONVERSATION_COLUMNS
                + ReviewRows.CONVERSATION_FROM + " WHERE " + where + " AND c.id > :after ORDER BY c.id"
                + " FETCH FIRST :limit ROWS ONLY", params, (rs, i) -> ReviewRows.conversation(rs)));
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<Long, List<ReviewMessage>> messages = new HashMap<>();
        jdbc.query("SELECT " + ReviewRows.MESSAGE_COLUMNS + " FROM message m WHERE m.conversation_id IN (:ids)"
                        + " ORDER BY m.conversation_id, m.seq",
                Map.of("ids", batch.stream().map(ReviewConversation::id).toList()),
                rs -> {
                    ReviewMessage m = ReviewRows.message(rs);
                    messages.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m);
                });
        return batch.stream().map(c -> new Transcript(c, messages.getOrDefault(c.id(), List.of()))).toList();
    }

    /** Sets (or with null clears) a message's rating; returns the rows changed (0 or 1). */
    public int rate(long messageId, String rating, String by, Instant at) {
        return jdbc.update("UPDATE message SET rating = :rating, rated_by = :by, rated_at = :at WHERE id = :id",
                new MapSqlParameterSource("id", messageId).addValue("rating", rating)
                        .addValue("by", rating == null ? null : by)
                        .addValue("at", rating == null ? null : at.atOffset(ZoneOffset.UTC)));
    }

    /** Flags a conversation with a reason and tags (replacing an earlier flag); returns the rows changed. */
    public int flag(long conversationId, String reason, Collection<String> tags, String by, Instant at) {
        int changed = jdbc.update("UPDATE conversation SET flagged_at = :at, flagged_by = :by, flag_reason = :reason"
                + " WHERE id = :id", new MapSqlParameterSource("id", conversationId).addValue("reason", reason)
                .addValue("by", by).addValue("at", at.atOffset(ZoneOffset.UTC)));
        if (changed == 1) {
            jdbc.update("DELETE FROM conversation_tag WHERE conversation_id = :id", Map.of("id", conversationId));
            jdbc.batchUpdate("INSERT INTO conversation_tag (conversation_id, tag) VALUES (:id, :tag)",
                    tags.stream().map(t -> new MapSqlParameterSource("id", conversationId).addValue("tag", t))
                            .toArray(MapSqlParameterSource[]::new));
        }
        return changed;
    }

    /** Clears a conversation's flag and tags; returns the rows changed. */
    public int unflag(long conversationId) {
        jdbc.update("DELETE FROM conversation_tag WHERE conversation_id = :id", Map.of("id", conversationId));
        return jdbc.update("UPDATE conversation SET flagged_at = NULL, flagged_by = NULL, flag_reason = NULL"
                + " WHERE id = :id", Map.of("id", conversationId));
    }

    /** Deletes a conversation (its messages and tags go with it); returns the rows deleted. */
    public int delete(long conversationId) {
        return jdbc.update("DELETE FROM conversation WHERE id = :id", Map.of("id", conversationId));
    }

    /** Deletes every conversation {@code filter} selects; returns how many. */
    public int deleteMatching(ReviewFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = ReviewSql.where(filter, params);
        return jdbc.update("DELETE FROM conversation WHERE id IN (SELECT c.id FROM conversation c WHERE " + where + ")",
                params);
    }

    /** Deletes every conversation last changed before {@code cutoff}; returns how many. */
    public int deleteUpdatedBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM conversation WHERE updated_at < :cutoff",
                Map.of("cutoff", cutoff.atOffset(ZoneOffset.UTC)));
    }

    /** The model names conversations have (for the filter's choices), at most 200. */
    public List<String> models() {
        return jdbc.queryForList("SELECT DISTINCT model FROM conversation WHERE model IS NOT NULL ORDER BY model"
                + " FETCH FIRST 200 ROWS ONLY", Map.of(), String.class);
    }

    /** The tags in use, at most 200. */
    public List<String> tags() {
        return jdbc.queryForList("SELECT DISTINCT tag FROM conversation_tag ORDER BY tag FETCH FIRST 200 ROWS ONLY",
                Map.of(), String.class);
    }

    private List<ReviewConversation> withTags(List<ReviewConversation> conversations) {
        List<Long> flagged = conversations.stream().filter(ReviewConversation::flagged).map(ReviewConversation::id).toList();
        if (flagged.isEmpty()) {
            return conversations;
        }
        Map<Long, List<String>> tags = new HashMap<>();
        jdbc.query("SELECT conversation_id, tag FROM conversation_tag WHERE conversation_id IN (:ids)"
                        + " ORDER BY conversation_id, tag", Map.of("ids", flagged),
                rs -> {
                    tags.computeIfAbsent(rs.getLong("conversation_id"), k -> new ArrayList<>()).add(rs.getString("tag"));
                });
        return conversations.stream().map(c -> !c.flagged() ? c : c.withFlag(new Flag(c.flag().reason(),
                tags.getOrDefault(c.id(), List.of()), c.flag().by(), c.flag().at()))).toList();
    }

    /**
     * Per conversation: without search terms the start of its first user message; with terms the text around
     * the first term in the first message that contains it.
     */
    private Map<Long, String> snippets(List<Long> ids, List<String> terms) {
        Map<Long, String> snippets = new LinkedHashMap<>();
        if (terms.isEmpty()) {
            jdbc.query("SELECT m.conversation_id, SUBSTRING(m.content FROM 1 FOR " + SNIPPET + ") AS snippet"
                    + " FROM message m WHERE m.conversation_id IN (:ids) AND m.role = 'user' AND m.seq ="
                    + " (SELECT MIN(u.seq) FROM message u WHERE u.conversation_id = m.conversation_id AND u.role = 'user')",
                    Map.of("ids", ids), rs -> {
                        snippets.put(rs.getLong("conversation_id"), rs.getString("snippet"));
                    });
            return snippets;
        }
        MapSqlParameterSource params = new MapSqlParameterSource("ids", ids).addValue("term", terms.getFirst())
                .addValue("pattern", SearchTerms.likePattern(terms.getFirst()));
        jdbc.query("SELECT m.conversation_id, m.seq, POSITION(:term IN LOWER(m.content)) AS pos,"
                + " SUBSTRING(m.content FROM GREATEST(POSITION(:term IN LOWER(m.content)) - " + SNIPPET_BEFORE + ", 1)"
                + " FOR " + SNIPPET + ") AS snippet FROM message m WHERE m.conversation_id IN (:ids)"
                + " AND LOWER(m.content) LIKE :pattern ESCAPE '!' ORDER BY m.conversation_id, m.seq", params, rs -> {
                    String text = rs.getString("snippet");
                    snippets.putIfAbsent(rs.getLong("conversation_id"),
                            rs.getInt("pos") > SNIPPET_BEFORE + 1 ? "…" + text : text);
                });
        return snippets;
    }

    private static long number(Map<String, Object> row, String column) {
        for (var e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                return e.getValue() == null ? 0 : ((Number) e.getValue()).longValue();
            }
        }
        throw new IllegalStateException("no column " + column);
    }
}

package ai.puyu.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the audit log with any combination of filters (the audit page and {@code /admin/api/audit}). Read
 * only: entries are written by {@link AuditLog} alone.
 */
@Service
public class AuditSearch {

    private final NamedParameterJdbcTemplate jdbc;

    public AuditSearch(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Which entries to read; null fields do not restrict.
     *
     * @param actor  exactly this actor ({@code user:alice}, {@code system})
     * @param action exactly this action ({@code conversation.view})
     * @param target targets that start with this text ({@code conversation:42}, {@code message:})
     * @param from   at or after this instant
     * @param to     before this instant
     */
    public record Filter(String actor, String action, String target, Instant from, Instant to) {

        /** Every entry. */
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }

    /**
     * One page of entries.
     *
     * @param entries the entries, newest first
     * @param page    the page number, from 0
     * @param size    the page size
     * @param total   entries the filter selects over all pages
     */
    public record Result(List<AuditEntry> entries, int page, int size, long total) {

        public Result {
            entries = List.copyOf(entries);
        }

        /** Whether a later page exists. */
        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }
    }

    /** One page (from 0) of the entries {@code filter} selects, newest first. */
    @Transactional(readOnly = true)
    public Result search(Filter filter, int page, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        List<String> and = new ArrayList<>();
        if (filter.actor() != null) {
            and.add("actor = :actor");
            params.addValue("actor", filter.actor());
        }
        if (filter.action() != null) {
            and.add("action = :action");
            params.addValue("action", filter.action());
        }
        if (filter.target() != null) {
            and.add("target LIKE :target ESCAPE '!'");
            params.addValue("target", filter.target().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (filter.from() != null) {
            and.add("at >= :from");
            params.addValue("from", filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            and.add("at < :to");
            params.addValue("to", filter.to().atOffset(ZoneOffset.UTC));
        }
        String where = and.isEmpty() ? "" : " WHERE " + String.join(" AND ", and);
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry" + where, params, Long.class);
        params.addValue("offset", (long) page * size).addValue("limit", size);
        List<AuditEntry> entries = jdbc.query("SELECT id, at, actor, action, target, detail FROM audit_entry" + where
                + " ORDER BY at DESC, id DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY", params,
                (rs, i) -> new AuditEntry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail")));
        return new Result(entries, page, size, total == null ? 0 : total);
    }

    /** The distinct actions in the log (for the filter's choices). */
    @Transactional(readOnly = true)
    public List<String> actions() {
        return jdbc.queryForList("SELECT DISTINCT action FROM audit_entry ORDER BY action", Map.of(), String.class);
    }
}

package ai.puyu.admin.review;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The SQL condition of a {@link ReviewFilter} over {@code conversation c}: built from fixed fragments,
 * every value bound as a named parameter (never written into the SQL). Portable to H2 (default mode) and
 * PostgreSQL: plain {@code LIKE ... ESCAPE}, {@code LOWER}, {@code EXISTS}.
 */
public final class ReviewSql {

    private ReviewSql() {
    }

    /** The condition (never empty: {@code 1 = 1} for no filter), its values added to {@code params}. */
    public static String where(ReviewFilter filter, MapSqlParameterSource params) {
        List<String> and = new ArrayList<>();
        for (int i = 0; i < filter.terms().size(); i++) {
            String name = "term" + i;
            params.addValue(name, SearchTerms.likePattern(filter.terms().get(i)));
            and.add(anyMessage("LOWER(mf.content) LIKE :" + name + " ESCAPE '!'"));
        }
        if (filter.from() != null) {
            params.addValue("from", filter.from().atOffset(ZoneOffset.UTC));
            and.add("c.created_at >= :from");
        }
        if (filter.to() != null) {
            params.addValue("to", filter.to().atOffset(ZoneOffset.UTC));
            and.add("c.created_at < :to");
        }
        if (filter.user() != null) {
            params.addValue("user", filter.user());
            and.add("c.owner = :user");
        }
        if (filter.apiKeyId() != null) {
            params.addValue("apiKeyId", filter.apiKeyId());
            and.add("c.api_key_id = :apiKeyId");
        }
        if (filter.model() != null) {
            params.addValue("model", filter.model());
            and.add("c.model = :model");
        }
        if (filter.rating() != null) {
            and.add(switch (filter.rating()) {
                case GOOD -> anyMessage("mf.rating = 'good'");
                case BAD -> anyMessage("mf.rating = 'bad'");
                case RATED -> anyMessage("mf.rating IS NOT NULL");
                case UNRATED -> "NOT " + anyMessage("mf.rating IS NOT NULL");
            });
        }
        if (filter.flagged() != null) {
            and.add(filter.flagged() ? "c.flagged_at IS NOT NULL" : "c.flagged_at IS NULL");
        }
        if (filter.tag() != null) {
            params.addValue("tag", filter.tag());
            and.add("EXISTS (SELECT 1 FROM conversation_tag tf WHERE tf.conversation_id = c.id AND tf.tag = :tag)");
        }
        if (filter.finishReason() != null) {
            params.addValue("finishReason", filter.finishReason());
            and.add(anyMessage("mf.finish_reason = :finishReason"));
        }
        if (filter.status() != null) {
            params.addValue("status", filter.status().wireName());
            and.add(anyMessage("mf.status = :status"));
        }
        return and.isEmpty() ? "1 = 1" : String.join(" AND ", and);
    }

    private static String anyMessage(String condition) {
        return "EXISTS (SELECT 1 FROM message mf WHERE mf.conversation_id = c.id AND " + condition + ")";
    }
}

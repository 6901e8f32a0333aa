package ai.puyu.admin.review;

import java.time.Instant;
import java.util.List;

/**
 * A reviewer's flag on a conversation.
 *
 * @param reason why it was flagged
 * @param tags   its tags, lower case, sorted
 * @param by     who flagged it (an audit actor name)
 * @param at     when
 */
public record Flag(String reason, List<String> tags, String by, Instant at) {

    public Flag {
        tags = List.copyOf(tags);
    }
}

package ai.puyu.audit;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of the audit log: who did what to what, and when. Written once by {@link AuditLog}, never
 * changed or deleted.
 *
 * @param id     database id, null until saved
 * @param at     when it happened
 * @param actor  who acted: {@code user:<name>}, {@code system} (scheduled jobs) or {@code cli}
 * @param action a lower-case dotted verb, e.g. {@code conversation.export} (see {@link AuditLog})
 * @param target what it acted on, e.g. {@code conversation:42}; null when nothing in particular
 * @param detail free text: counts, the rating given, a reason; null when there is nothing to add
 */
@Table
public record AuditEntry(@Id Long id, Instant at, String actor, String action, String target, String detail) {
}

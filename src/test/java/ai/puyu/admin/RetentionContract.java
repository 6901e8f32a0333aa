package ai.puyu.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.admin.retention.RetentionProperties;
import ai.puyu.admin.retention.RetentionService;
import ai.puyu.audit.AuditEntry;
import ai.puyu.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The retention policy: exactly the conversations last changed before now minus the limit are deleted. */
interface RetentionContract extends AdminFixture {

    private RetentionService retention(int days) {
        var clocks = new StaticListableBeanFactory(Map.of("clock", (Clock) clock())).getBeanProvider(Clock.class);
        return new RetentionService(repository(), audit(), new RetentionProperties(days, Duration.ofHours(1)), clocks);
    }

    private long conversationLastChangedAt(String title, Instant updatedAt) {
        long id = conversation("alice", title, null, "m", null);
        exchange("alice", id, "question of " + title, "answer", null);
        review().flag(id, "kept for review", List.of("t"), "user:rita");
        jdbc().update("UPDATE conversation SET updated_at = ? WHERE id = ?", updatedAt.atOffset(ZoneOffset.UTC), id);
        return id;
    }

    @Test
    default void deletesExactlyTheConversationsLastChangedBeforeTheLimitWithTheirMessages() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        Instant cutoff = now.minus(Duration.ofDays(30));
        long older = conversationLastChangedAt("older", now.minus(Duration.ofDays(31)));
        long justOlder = conversationLastChangedAt("just older", cutoff.minusNanos(1000));
        long atLimit = conversationLastChangedAt("at the limit", cutoff);
        long younger = conversationLastChangedAt("younger", now.minus(Duration.ofDays(29)));
        long revived = conversationLastChangedAt("old but answered yesterday", now.minus(Duration.ofDays(40)));
        jdbc().update("UPDATE conversation SET created_at = ?, updated_at = ? WHERE id = ?",
                now.minus(Duration.ofDays(40)).atOffset(ZoneOffset.UTC), now.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC),
                revived);
        jdbc().update("DELETE FROM audit_entry");

        clock().set(now);
        assertThat(retention(30).cutoff()).isEqualTo(cutoff);
        clock().set(now);
        assertThat(retention(30).apply()).isEqualTo(2);
        assertThat(jdbc().queryForList("SELECT id FROM conversation ORDER BY id", Long.class))
                .containsExactly(atLimit, younger, revived);
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM message WHERE conversation_id IN (?, ?)", Long.class,
                older, justOlder)).isZero();
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM message", Long.class)).isEqualTo(6);
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM conversation_tag", Long.class)).isEqualTo(3);

        AuditEntry entry = auditEntries().getFirst();
        assertThat(entry.actor()).isEqualTo(AuditLog.SYSTEM);
        assertThat(entry.action()).isEqualTo(AuditLog.RETENTION_DELETE);
        assertThat(entry.target()).isEqualTo("updated before " + cutoff);
        assertThat(entry.detail()).isEqualTo("2 conversations (retention 30 days)");

        clock().set(now);
        assertThat(retention(30).apply()).as("a second run finds nothing more").isZero();
        assertThat(auditEntries()).hasSize(2);
        assertThat(auditEntries().getFirst().detail()).isEqualTo("0 conversations (retention 30 days)");
    }

    @Test
    default void zeroDaysKeepsEverythingAndAuditsNothing() {
        conversationLastChangedAt("ancient", Instant.parse("2000-01-01T00:00:00Z"));
        jdbc().update("DELETE FROM audit_entry");
        clock().set(Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(retention(0).apply()).isZero();
        assertThat(retention(0).cutoff()).isNull();
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM conversation", Long.class)).isEqualTo(1);
        assertThat(auditEntries()).isEmpty();
    }
}

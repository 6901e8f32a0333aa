package ai.puyu.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.admin.dashboard.Dashboard;
import ai.puyu.admin.dashboard.Percentiles;
import ai.puyu.conversation.GenerationStats;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The dashboard's figures per UTC day, computed on a seeded database. */
interface DashboardContract extends AdminFixture {

    @Test
    default void countsTokensErrorsCacheHitRateAndPercentilesPerUtcDay() {
        clock().set(Instant.parse("2026-03-07T23:59:59Z"));
        long before = conversation("alice", "before the window", null, "m", null);
        exchange("alice", before, "q", "a", new GenerationStats(1000, 1000, 1000, 9999.0, 9999.0));

        clock().set(Instant.parse("2026-03-08T00:00:00Z"));
        long x = conversation("alice", "x", null, "m", null);
        exchange("alice", x, "q1", "a1", new GenerationStats(100, 10, 50, 100.0, 10.0));
        exchange("alice", x, "q2", "a2", new GenerationStats(200, 20, 150, 300.0, 30.0));

        clock().set(Instant.parse("2026-03-09T23:59:59.900Z"));
        long y = conversation("bob", "y", null, "m", null);
        failed("bob", y, "q", "partial", "boom");
        conversations().appendUserMessage("bob", y, "again");
        conversations().startAssistantMessage("bob", y, "m", "cpu", SAMPLING);
        conversations().markInterruptedAtStartup();

        clock().set(Instant.parse("2026-03-10T10:00:00Z"));
        long z = conversation("carol", "z", null, "m", null);
        exchange("carol", z, "q", "a", new GenerationStats(100, 5, 0, 200.0, 20.0));

        clock().set(Instant.parse("2026-03-10T12:00:00Z"));
        Dashboard d = dashboard().lastDays(3);
        assertThat(d.from()).isEqualTo(Instant.parse("2026-03-08T00:00:00Z"));
        assertThat(d.days()).extracting(Dashboard.Day::date).containsExactly(
                LocalDate.parse("2026-03-08"), LocalDate.parse("2026-03-09"), LocalDate.parse("2026-03-10"));

        Dashboard.Day first = d.days().get(0);
        assertThat(first.conversations()).isEqualTo(1);
        assertThat(first.replies()).isEqualTo(2);
        assertThat(first.promptTokens()).isEqualTo(300);
        assertThat(first.completionTokens()).isEqualTo(30);
        assertThat(first.cachedTokens()).isEqualTo(200);
        assertThat(first.cacheHitRate()).isEqualTo(200.0 / 300);
        assertThat(first.timeToFirstTokenMs()).isEqualTo(new Percentiles(2, 100.0, 300.0, 300.0));
        assertThat(first.tokensPerSecond()).isEqualTo(new Percentiles(2, 10.0, 30.0, 30.0));
        assertThat(first.errors()).isZero();

        Dashboard.Day second = d.days().get(1);
        assertThat(second.conversations()).isEqualTo(1);
        assertThat(second.replies()).isEqualTo(2);
        assertThat(second.errors()).isEqualTo(1);
        assertThat(second.interrupted()).isEqualTo(1);
        assertThat(second.cacheHitRate()).isNull();
        assertThat(second.timeToFirstTokenMs()).isEqualTo(Percentiles.NONE);

        Dashboard.Day third = d.days().get(2);
        assertThat(third.replies()).isEqualTo(1);
        assertThat(third.cacheHitRate()).isEqualTo(0.0);

        Dashboard.Day totals = d.totals();
        assertThat(totals.date()).isNull();
        assertThat(totals.conversations()).isEqualTo(3);
        assertThat(totals.replies()).isEqualTo(5);
        assertThat(totals.promptTokens()).isEqualTo(400);
        assertThat(totals.cachedTokens()).isEqualTo(200);
        assertThat(totals.cacheHitRate()).isEqualTo(0.5);
        assertThat(totals.errors()).isEqualTo(1);
        assertThat(totals.timeToFirstTokenMs()).isEqualTo(new Percentiles(3, 200.0, 300.0, 300.0));
        assertThat(totals.tokensPerSecond()).isEqualTo(new Percentiles(3, 20.0, 30.0, 30.0));

        clock().set(Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(dashboard().lastDays(4).totals().conversations()).as("a day more includes the earlier one").isEqualTo(4);
    }

    @Test
    default void refusesAWindowOutsideOneDayToAYear() {
        assertThatThrownBy(() -> dashboard().lastDays(0))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("days"));
        assertThatThrownBy(() -> dashboard().lastDays(367))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("days"));
    }
}

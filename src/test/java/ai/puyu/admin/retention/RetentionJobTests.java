package ai.puyu.admin.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.admin.review.ReviewRepository;
import ai.puyu.audit.AuditLog;
import ai.puyu.testsupport.InMemoryH2;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The retention job runs on its schedule with the configured limit and deletes what is too old. */
@DataJdbcTest(properties = {"puyu.retention.days=30", "puyu.retention.interval=200ms",
        "puyu.retention.initial-delay=0s"})
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({RetentionJob.class, RetentionService.class, ReviewRepository.class, AuditLog.class,
        RetentionJobTests.Scheduling.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class RetentionJobTests {

    @TestConfiguration(proxyBeanMethods = false)
    @EnableScheduling
    @EnableConfigurationProperties(RetentionProperties.class)
    static class Scheduling {
    }

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        InMemoryH2.register(registry);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RetentionProperties properties;

    @Test
    void theScheduledJobDeletesConversationsOlderThanTheLimitAndAuditsItsRuns() {
        assertThat(properties.days()).isEqualTo(30);
        assertThat(properties.interval()).isEqualTo(Duration.ofMillis(200));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO conversation (owner, title, created_at, updated_at) VALUES ('a', 'old', ?, ?)",
                now.minusDays(31), now.minusDays(31));
        jdbc.update("INSERT INTO conversation (owner, title, created_at, updated_at) VALUES ('a', 'recent', ?, ?)",
                now.minusDays(29), now.minusDays(29));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.queryForList("SELECT title FROM conversation", String.class).equals(java.util.List.of("recent")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_entry WHERE actor = 'system' AND action = 'retention.delete'", Long.class) >= 2);
        assertThat(jdbc.queryForList("SELECT detail FROM audit_entry WHERE action = 'retention.delete' ORDER BY id",
                String.class)).contains("1 conversations (retention 30 days)");
    }
}

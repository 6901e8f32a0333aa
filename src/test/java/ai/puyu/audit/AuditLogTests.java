package ai.puyu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.testsupport.InMemoryH2;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The append-only audit log on H2 (default mode, as Puyu's default database): writing, clipping, reading. */
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({AuditLog.class, AuditSearch.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class AuditLogTests {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        InMemoryH2.register(registry);
    }

    @Autowired
    AuditLog audit;
    @Autowired
    AuditSearch search;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM audit_entry");
    }

    @Test
    void anEntryIsKeptEvenWhenTheWorkItDescribesRollsBack() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            audit.record(AuditLog.user("alice"), AuditLog.CONVERSATION_DELETE, "conversation:1", null);
            throw new IllegalStateException("the deletion failed");
        })).hasMessage("the deletion failed");
        assertThat(audit.list(null, null, 0, 10).getContent()).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("user:alice"));
    }

    @Test
    void tooLongValuesAreClippedNotRefusedAndTheDetailIsKeptWhole() {
        String detail = "d".repeat(5000);
        AuditEntry entry = audit.record("u".repeat(300), "a".repeat(150), "t".repeat(600), detail);
        assertThat(entry.actor()).hasSize(AuditLog.MAX_ACTOR).endsWith("…");
        assertThat(entry.action()).hasSize(AuditLog.MAX_ACTION);
        assertThat(entry.target()).hasSize(AuditLog.MAX_TARGET);
        assertThat(search.search(AuditSearch.Filter.ALL, 0, 1).entries().getFirst().detail()).isEqualTo(detail);
    }

    @Test
    void listsNewestFirstFilteredByActorAndAction() {
        audit.record(AuditLog.SYSTEM, AuditLog.RETENTION_DELETE, null, "3 conversations");
        audit.record(AuditLog.user("bob"), AuditLog.MESSAGE_RATE, "message:1", "good");
        audit.record(AuditLog.user("bob"), AuditLog.CONVERSATION_VIEW, "conversation:1", null);
        assertThat(audit.list(null, null, 0, 10).getContent()).extracting(AuditEntry::action)
                .containsExactly(AuditLog.CONVERSATION_VIEW, AuditLog.MESSAGE_RATE, AuditLog.RETENTION_DELETE);
        assertThat(audit.list("user:bob", AuditLog.MESSAGE_RATE, 0, 10).getContent()).hasSize(1);
        assertThat(audit.list(AuditLog.SYSTEM, null, 0, 10).getTotalElements()).isEqualTo(1);
        assertThat(search.search(new AuditSearch.Filter(null, null, "message:", null, null), 0, 10).entries())
                .extracting(AuditEntry::detail).containsExactly("good");
        assertThat(search.search(new AuditSearch.Filter(null, null, "%", null, null), 0, 10).entries())
                .as("a LIKE wildcard in the target prefix is a plain character").isEmpty();
    }

    @Test
    void theRepositoryOffersNoWayToChangeOrDeleteEntries() {
        assertThat(Arrays.stream(AuditRepository.class.getMethods()).map(Method::getName))
                .noneMatch(name -> name.startsWith("delete") || name.startsWith("update") || name.startsWith("saveAll"));
        assertThat(Arrays.stream(AuditLog.class.getMethods()).map(Method::getName))
                .noneMatch(name -> name.startsWith("delete") || name.startsWith("update"));
    }
}

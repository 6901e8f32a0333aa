package ai.puyu.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/**
 * A restart on Puyu's default database (H2 in file mode): a reply the previous run left streaming
 * is found interrupted, with its partial content, once the next context has started, and nothing
 * else changes.
 */
class InterruptedReplyRecoveryTests {

    @TempDir
    Path dataDir;

    @Configuration(proxyBeanMethods = false)
    @EnableJdbcRepositories(basePackageClasses = ConversationService.class)
    @Import({ConversationJdbcConfiguration.class, ConversationService.class, InterruptedReplyRecovery.class})
    static class Persistence {
    }

    private String url() {
        return "jdbc:h2:file:" + dataDir.resolve("db/puyu") + ";AUTO_SERVER=FALSE";
    }

    private ApplicationContextRunner puyu() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                        TransactionAutoConfiguration.class, DataJdbcRepositoriesAutoConfiguration.class))
                .withUserConfiguration(Persistence.class)
                .withPropertyValues("spring.datasource.url=" + url(), "spring.datasource.username=sa",
                        "spring.datasource.password=");
    }

    @Test
    void aReplyLeftStreamingIsInterruptedAtTheNextStartWithItsPartialContent() throws Exception {
        AtomicLong streamingId = new AtomicLong();
        AtomicLong completeId = new AtomicLong();
        puyu().run(context -> {
            assertThat(context).hasNotFailed();
            ConversationService service = context.getBean(ConversationService.class);
            long id = service.create("alice", new NewConversation("t", null, "m", "cpu", null)).id();
            service.appendUserMessage("alice", id, "q1");
            Message first = service.startAssistantMessage("alice", id, "m", "cpu", null);
            completeId.set(service.finishAssistantMessage(first.id(), MessageOutcome.complete("a1", "stop", null)).id());
            service.appendUserMessage("alice", id, "q2");
            Message reply = service.startAssistantMessage("alice", id, "m", "cpu", null);
            service.updateStreamingContent(reply.id(), "部分回答 🧩");
            streamingId.set(reply.id());
        });
        assertThat(statusOnDisk(streamingId.get())).isEqualTo("streaming");

        puyu().run(context -> {
            assertThat(context).hasNotFailed();
            MessageRepository messages = context.getBean(MessageRepository.class);
            Message interrupted = messages.findById(streamingId.get()).orElseThrow();
            assertThat(interrupted.status()).isEqualTo(MessageStatus.INTERRUPTED);
            assertThat(interrupted.content()).isEqualTo("部分回答 🧩");
            assertThat(interrupted.finishedAt()).isNotNull();
            Message complete = messages.findById(completeId.get()).orElseThrow();
            assertThat(complete.status()).isEqualTo(MessageStatus.COMPLETE);
            assertThat(complete.content()).isEqualTo("a1");
            assertThat(messages.count()).isEqualTo(4);
        });
    }

    private String statusOnDisk(long messageId) throws Exception {
        try (Connection connection = DriverManager.getConnection(url(), "sa", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT status FROM message WHERE id = " + messageId)) {
            rows.next();
            return rows.getString(1);
        }
    }
}

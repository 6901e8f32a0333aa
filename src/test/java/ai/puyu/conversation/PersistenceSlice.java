package ai.puyu.conversation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The persistence slice the contract tests run in: Spring Data JDBC, Flyway and this package's
 * services on the data source the concrete test class names (no embedded replacement), a
 * {@link TickingClock}, and no test-managed transaction, so that the services' own transactions
 * commit as in production and other threads see the rows.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({ConversationJdbcConfiguration.class, ConversationService.class, ApiKeyService.class,
        InterruptedReplyRecovery.class, PersistenceSlice.ClockConfiguration.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@interface PersistenceSlice {

    /** The clock the services read. */
    @TestConfiguration(proxyBeanMethods = false)
    class ClockConfiguration {
        @Bean
        Clock clock() {
            return new TickingClock();
        }
    }
}

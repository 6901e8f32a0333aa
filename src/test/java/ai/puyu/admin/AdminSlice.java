package ai.puyu.admin;

import ai.puyu.admin.dashboard.DashboardService;
import ai.puyu.admin.export.JsonlExport;
import ai.puyu.admin.review.ReviewRepository;
import ai.puyu.admin.review.ReviewService;
import ai.puyu.audit.AuditLog;
import ai.puyu.audit.AuditSearch;
import ai.puyu.conversation.ApiKeyService;
import ai.puyu.conversation.ConversationJdbcConfiguration;
import ai.puyu.conversation.ConversationService;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The slice the admin persistence contracts run in: Spring Data JDBC, Flyway (all migrations), the conversation
 * services that seed the data, the admin services under test, the audit log, Jackson as Spring Boot configures
 * it, a {@link SettableClock}; no test-managed transaction, so the services' own transactions commit as in
 * production.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({ConversationJdbcConfiguration.class, ConversationService.class, ApiKeyService.class,
        ReviewRepository.class, ReviewService.class, JsonlExport.class, DashboardService.class, AuditLog.class,
        AuditSearch.class, AdminSlice.ClockConfiguration.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@interface AdminSlice {

    /** The clock every service reads. */
    @TestConfiguration(proxyBeanMethods = false)
    class ClockConfiguration {
        @Bean
        Clock clock() {
            return new SettableClock();
        }
    }
}

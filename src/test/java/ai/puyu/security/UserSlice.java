package ai.puyu.security;

import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.ConversationJdbcConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts over a real database (the data source the test class names; Flyway makes the schema), with the password
 * encoder and the audit log, and no test-managed transaction: the services commit as in production.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({ConversationJdbcConfiguration.class, UserAccounts.class, AuditLog.class, PasswordHashing.class,
        UserAuthenticationManager.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@interface UserSlice {
}

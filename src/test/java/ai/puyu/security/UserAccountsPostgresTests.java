package ai.puyu.security;

import ai.puyu.testsupport.LocalPostgres;
import ai.puyu.testsupport.RequiresLocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The account rules on the local PostgreSQL server, in a schema of their own dropped afterwards. Skipped with the
 * reason when the server does not answer, except where {@code CI} is set.
 */
@RequiresLocalPostgres
class UserAccountsPostgresTests extends UserAccountsTestBase {

    private static final LocalPostgres DATABASE = LocalPostgres.newSchema();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @AfterAll
    static void dropSchema() {
        DATABASE.drop();
    }
}

package ai.puyu.security;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The account rules on H2 2.4 in its default mode (Puyu's default database, in memory here). */
class UserAccountsH2Tests extends UserAccountsTestBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2Database.register(registry);
    }
}

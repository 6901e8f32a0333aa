package ai.puyu.security;

import ai.puyu.testsupport.InMemoryH2;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The account rules on H2 2.4 in its default mode (Puyu's default database, in memory here). */
class UserAccountsH2Tests extends UserAccountsTestBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        InMemoryH2.register(registry);
    }
}

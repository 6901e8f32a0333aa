package ai.puyu.admin;

import ai.puyu.testsupport.LocalPostgres;
import ai.puyu.testsupport.RequiresLocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin contracts on the local PostgreSQL server, in a schema of their own that is dropped afterwards;
 * skipped with the reason when the server does not answer (a failure where CI is set).
 */
@RequiresLocalPostgres
class AdminPostgresTests extends AdminTestBase implements SearchContract, JudgementContract, ExportContract,
        RetentionContract, DashboardContract {

    private static final LocalPostgres DATABASE = LocalPostgres.newSchema();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @AfterAll
    static void dropSchema() {
        DATABASE.drop();
    }
}

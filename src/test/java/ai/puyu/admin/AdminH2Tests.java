package ai.puyu.admin;

import ai.puyu.testsupport.InMemoryH2;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin contracts (search and filters, judgement and audit, export, retention, dashboard) on H2 2.4 in its
 * default mode, as Puyu's default database runs it (in memory here), in a database of its own.
 */
class AdminH2Tests extends AdminTestBase implements SearchContract, JudgementContract, ExportContract,
        RetentionContract, DashboardContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        InMemoryH2.register(registry);
    }
}

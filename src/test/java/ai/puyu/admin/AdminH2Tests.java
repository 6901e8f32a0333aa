package ai.puyu.admin;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
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
        String name = "puyu_admin_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
    }
}

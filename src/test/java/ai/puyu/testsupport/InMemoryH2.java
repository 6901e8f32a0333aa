package ai.puyu.testsupport;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh in-memory H2 database in its default mode (as Puyu's file database runs, only in memory), one per test
 * class: {@code @DynamicPropertySource static void h2(DynamicPropertyRegistry r) { InMemoryH2.register(r); }}.
 */
public final class InMemoryH2 {

    private InMemoryH2() {
    }

    /** Points Spring's data source at a new, uniquely named in-memory database. */
    public static void register(DynamicPropertyRegistry registry) {
        String name = "puyu_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
    }
}

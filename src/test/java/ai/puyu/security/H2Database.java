package ai.puyu.security;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh in-memory H2 database in its default mode (as Puyu's file database runs), for one test class. */
final class H2Database {

    private H2Database() {
    }

    static void register(DynamicPropertyRegistry registry) {
        String name = "puyu_users_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
    }
}

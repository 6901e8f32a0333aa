package ai.puyu.conversation;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The persistence contracts on H2 2.4 in its default mode (as Puyu's default database runs it; only
 * in memory here), in a database of its own.
 */
class PersistenceH2Tests extends PersistenceTestBase implements ConversationContract, MessageContentContract, ApiKeyContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        String name = "puyu_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
    }
}

package ai.puyu.web;

import ai.puyu.testsupport.TempDirs;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Puyu on a random port with the tiny demo model (context 8192, so that long replies take a while even on
 * this fast model), shared by the chat page's test classes (one
 * Spring context): its data directory is a temporary directory made once per JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
abstract class ChatPageTestBase {

    static final Path DATA_DIR = TempDirs.create("puyu-web-tests");

    /** The demo model's name. */
    static final String MODEL = "demo-tiny";
    /** Prompt plus reply tokens per request in these tests. */
    static final int CONTEXT = 8192;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("puyu.data-dir", DATA_DIR::toString);
        registry.add("puyu.model-path", () -> "");
        registry.add("puyu.engine.threads", () -> "1");
        registry.add("puyu.engine.max-running", () -> "4");
        registry.add("puyu.engine.max-context", () -> String.valueOf(CONTEXT));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}

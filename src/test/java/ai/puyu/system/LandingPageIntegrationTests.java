package ai.puyu.system;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class LandingPageIntegrationTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("puyu.data-dir", data::toString);
    }

    @Autowired
    WebTestClient web;

    @Test
    void rootServesThePageThatSaysHowToUseTheServer() {
        web.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(html -> org.assertj.core.api.Assertions.assertThat(html)
                        .contains("/v1/models", "/actuator/health", "PUYU_MODEL="));
    }
}

package ai.puyu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With no model configured the server generates the tiny demo model, loads it and reports it as health. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ModelHealthIntegrationTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("puyu.data-dir", dataDir::toString);
        registry.add("puyu.model-path", () -> "");
    }

    @Autowired
    WebTestClient client;

    @Autowired
    LoadedModel model;

    @Test
    void generatesTheDemoModelUnderTheDataDirectoryAndReportsItInHealth() {
        Path demo = dataDir.resolve("models").resolve("demo-tiny");
        assertThat(demo.resolve("config.json")).isRegularFile();
        assertThat(demo.resolve("model.safetensors")).isRegularFile();
        assertThat(Files.exists(dataDir.resolve("models").resolve(".demo-tiny.partial-" + ProcessHandle.current().pid())))
                .isFalse();
        assertThat(model.demo()).isTrue();

        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.model.status").isEqualTo("UP")
                .jsonPath("$.components.model.details.name").isEqualTo("demo-tiny")
                .jsonPath("$.components.model.details.path").isEqualTo(demo.toAbsolutePath().normalize().toString())
                .jsonPath("$.components.model.details.demo").isEqualTo(true)
                .jsonPath("$.components.model.details.parameters").isEqualTo(557_696)
                .jsonPath("$.components.model.details.dtype").isEqualTo("BF16")
                .jsonPath("$.components.model.details.backend").isEqualTo("cpu")
                .jsonPath("$.components.model.details.note").value(note ->
                        assertThat((String) note).contains("random weights")
                                .contains("PUYU_MODEL=/path/to/internlm2-chat-1_8b ./puyu"));
    }

    @Test
    void exposesTheEngineMetricsInPrometheusFormat() {
        WebTestClient patient = client.mutate().responseTimeout(Duration.ofSeconds(120)).build();
        patient.post().uri("/v1/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"demo-tiny\",\"prompt\":\"hello\",\"max_tokens\":5,\"temperature\":0}")
                .exchange().expectStatus().isOk();

        String text = patient.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(text).contains("# HELP puyu_engine_requests_running")
                .contains("puyu_engine_kv_blocks{state=\"free\"}")
                .contains("puyu_engine_time_to_first_token_ms{quantile=\"0.95\"}");
        assertThat(sample(text, "puyu_engine_tokens_decoded_total")).isGreaterThanOrEqualTo(1);
        assertThat(sample(text, "puyu_engine_requests_finished_total")).isGreaterThanOrEqualTo(1);
        assertThat(sample(text, "puyu_engine_prompt_tokens_total")).isGreaterThanOrEqualTo(1);
    }

    /** The value of the untagged sample {@code name} in a Prometheus text page. */
    private static double sample(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from:\n" + text));
    }
}

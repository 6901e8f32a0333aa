package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.ConversationService;
import ai.puyu.testsupport.WebSession;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code puyu.security.require-login=true}: the chat page and /api need a signed-in user; /v1 is unchanged. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class RequireLoginTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("puyu.data-dir", data::toString);
        registry.add("puyu.model-path", () -> "");
        registry.add("puyu.engine.threads", () -> "1");
        registry.add("puyu.engine.max-running", () -> "2");
        registry.add("puyu.engine.max-context", () -> "512");
        registry.add("puyu.security.require-login", () -> "true");
        registry.add("puyu.security.admin-password", () -> "require-login-admin");
    }

    WebTestClient web;

    @Autowired
    void client(WebTestClient client) {
        web = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Autowired
    UserAccounts accounts;

    @Autowired
    ConversationService conversations;

    @Test
    void anonymousVisitorsAreSentToSignInAndTheApiAnswers401() {
        WebSession anonymous = WebSession.anonymous(web);
        anonymous.open("/").expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login"));
        anonymous.open("/c/1").expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login"));
        anonymous.get("/api/conversations").expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error.message").value(m -> assertThat((String) m).contains("/login"));
        anonymous.json(HttpMethod.POST, "/api/conversations", "{}").expectStatus().isUnauthorized();
        assertThat(anonymous.page("/login")).contains("asks everyone to sign in");
        anonymous.get("/admin/admin.css").expectStatus().isOk();
        anonymous.get("/actuator/health").expectStatus().isOk();
        web.get().uri("/v1/models").exchange().expectStatus().isOk();
    }

    @Test
    void healthMetricsSignInAndTheApiDescriptionStayPublicAndOtherActuatorRoutesDoNot() {
        WebSession anonymous = WebSession.anonymous(web);
        anonymous.get("/actuator/health").expectStatus().isOk();
        assertThat(anonymous.get("/actuator/prometheus").expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class).returnResult().getResponseBody())
                .as("a Prometheus scraper needs no session").contains("# TYPE puyu_engine_requests_running gauge");
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        anonymous.get("/v3/api-docs").expectStatus().isOk();
        anonymous.get("/login").expectStatus().isOk();

        anonymous.open("/actuator").expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login"));
        WebSession user = WebSession.signIn(web, chatter(), "chatter-password");
        user.get("/actuator").expectStatus().isForbidden();
        WebSession.signIn(web, "admin", "require-login-admin").get("/actuator").expectStatus().isOk();
    }

    private String chatter() {
        if (accounts.findByUsername("chatter").isEmpty()) {
            accounts.create("admin", "chatter", "chatter-password", UserRole.USER);
        }
        return "chatter";
    }

    @Test
    void aSignedInUserChatsUnderTheirName() {
        WebSession user = WebSession.signIn(web, chatter(), "chatter-password");
        user.open("/").expectStatus().isOk();
        user.json(HttpMethod.POST, "/api/conversations", "{\"title\":\"signed in\"}").expectStatus().isCreated();
        assertThat(conversations.list("user:chatter", 0, 10).getContent()).extracting(c -> c.title())
                .contains("signed in");
    }
}

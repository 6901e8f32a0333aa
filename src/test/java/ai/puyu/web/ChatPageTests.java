package ai.puyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.security.PuyuSecurityProperties;
import java.security.Principal;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.ui.ConcurrentModel;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The chat page as the server renders it (no browser): model facts, defaults, links, headers and assets. */
class ChatPageTests extends ChatPageTestBase {

    @Autowired
    WebTestClient web;

    @Autowired
    ChatPageController controller;

    @Autowired
    ViewResolver views;

    private String page(String uri) {
        return web.get().uri(uri).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Content-Security-Policy", PuyuSecurityProperties.DEFAULT_CSP)
                .expectHeader().valueEquals("Referrer-Policy", "same-origin")
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void rootShowsTheModelItsBackendTheDemoNoticeAndHowToLoadARealCheckpoint() {
        String html = page("/");
        assertThat(html).contains("<title>demo-tiny · Puyu</title>");
        assertThat(html).containsPattern("id=\"model-name\">demo-tiny<");
        assertThat(html).containsPattern("id=\"model-size\">[0-9.]+K parameters<");
        assertThat(html).contains("id=\"model-weights\">BF16<", "id=\"model-backend\">CPU, 1 thread<",
                "id=\"model-context\">" + CONTEXT + " tokens<");
        assertThat(html).contains("Demo model: random weights.", "PUYU_MODEL=/path/to/internlm2-chat-1_8b ./puyu");
        assertThat(html).contains("/v1/models", "/actuator/health", "/swagger-ui.html");
        assertThat(html).contains("href=\"/login\"").doesNotContain("Signed in as");
        assertThat(html).doesNotContain("data-conversation-id");
    }

    @Test
    void aSignedInUserSeesTheirNameAndASignOutFormInsteadOfTheSignInLink() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
        Principal alice = () -> "alice";
        ServerWebExchange signedIn = exchange.mutate().principal(Mono.just(alice)).build();
        ConcurrentModel model = new ConcurrentModel();
        String view = controller.newChat(signedIn, model).block();
        assertThat(model.getAttribute("currentUser")).isEqualTo("alice");
        views.resolveViewName(view, Locale.ENGLISH)
                .flatMap(v -> v.render(model.asMap(), MediaType.TEXT_HTML, signedIn)).block();
        String html = exchange.getResponse().getBodyAsString().block();
        assertThat(html).contains("Signed in as <strong id=\"current-user\">alice</strong>");
        assertThat(html).containsPattern("<form class=\"inline-form\" action=\"/logout\" method=\"post\">");
        assertThat(html).doesNotContain("href=\"/login\"");
    }

    @Test
    void slidersStartAtInternLmDefaultsAndMaxLengthStopsBelowTheContext() {
        String html = page("/");
        assertThat(html).containsPattern("id=\"max-length\"\\s+min=\"1\"\\s+step=\"1\"\\s+max=\"" + (CONTEXT - 1) + "\"\\s+value=\"1024\"");
        assertThat(html).containsPattern("id=\"top-p\"\\s+min=\"0.01\"\\s+max=\"1\"\\s+step=\"0.01\"\\s+value=\"0.8\"");
        assertThat(html).containsPattern("id=\"temperature\"\\s+min=\"0\"\\s+max=\"1\"\\s+step=\"0.01\"\\s+value=\"0.7\"");
        assertThat(html).contains("id=\"top-p-value\" for=\"top-p\">0.80<", "id=\"temperature-value\" for=\"temperature\">0.70<");
    }

    @Test
    void aConversationUrlServesThePageWithTheConversationToOpen() {
        assertThat(page("/c/42")).contains("data-conversation-id=\"42\"");
        web.get().uri("/c/not-a-number").exchange().expectStatus().isNotFound();
    }

    @Test
    void thePageRunsNoInlineScriptAndLoadsItsLibrariesFromWebJars() {
        String html = page("/");
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(html).contains("src=\"/chat/chat.js\"", "src=\"/webjars/highlightjs/highlight.min.js\"");
        for (String asset : new String[] {"/chat/chat.js", "/chat/api.js", "/chat/markdown.js", "/chat/messages.js",
                "/chat/sidebar.js", "/chat/settings.js", "/chat/composer.js", "/chat/errors.js", "/chat/layout.js",
                "/webjars/marked/lib/marked.esm.js",
                "/webjars/dompurify/dist/purify.es.mjs", "/webjars/highlightjs/highlight.min.js"}) {
            web.get().uri(asset).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith("text/javascript");
        }
        web.get().uri("/chat/chat.css").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/css");
        web.get().uri("/webjars/highlightjs/styles/github-dark.min.css").exchange().expectStatus().isOk();
    }

    @Test
    void sizesAreWrittenInTheLargestUnitUnderTheCount() {
        assertThat(ModelFacts.size(1_889_110_016L)).isEqualTo("1.9B");
        assertThat(ModelFacts.size(7_737_708_544L)).isEqualTo("7.7B");
        assertThat(ModelFacts.size(557_696L)).isEqualTo("557.7K");
        assertThat(ModelFacts.size(12_500_000L)).isEqualTo("12.5M");
        assertThat(ModelFacts.backend("cpu", 2)).isEqualTo("CPU, 2 threads");
        assertThat(ModelFacts.backend("cuda", 2)).isEqualTo("GPU (CUDA)");
    }
}

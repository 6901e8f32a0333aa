package ai.puyu.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageStatus;
import ai.puyu.conversation.Role;
import ai.puyu.engine.Engine;
import ai.puyu.testsupport.TempDirs;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import tools.jackson.databind.ObjectMapper;

/**
 * A full queue, for real: Puyu runs one reply and lets one wait; two API clients take both places, and the chat
 * page's message is refused with 429. The page says so, keeps the message, and Retry answers once there is room.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ChatPageQueueFullBrowserTests {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path data = TempDirs.create("puyu-web-queue-tests");
        registry.add("puyu.data-dir", data::toString);
        registry.add("puyu.model-path", () -> "");
        registry.add("puyu.engine.threads", () -> "1");
        registry.add("puyu.engine.max-running", () -> "1");
        registry.add("puyu.engine.max-queued", () -> "1");
        registry.add("puyu.engine.max-context", () -> "16384");
    }

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient web;

    @Autowired
    Engine engine;

    @Autowired
    ConversationService conversations;

    @Autowired
    ObjectMapper json;

    /** An API client: its visitor cookie, its CSRF token (null without Spring Security) and its conversation. */
    private record Client(String visitor, String csrf, String conversation) {
    }

    /** A client with its own conversation, which asks for a very long reply; the events go to {@code events}. */
    private Client longReply(List<ServerSentEvent<String>> events, List<Disposable> streams) {
        var first = web.get().uri("/api/conversations").exchange().expectStatus().isOk().returnResult(String.class);
        String visitor = first.getResponseCookies().getFirst("puyu_visitor").getValue();
        var xsrf = first.getResponseCookies().getFirst("XSRF-TOKEN");
        String csrf = xsrf == null ? null : xsrf.getValue();
        byte[] created = as(visitor, csrf).post().uri("/api/conversations")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"maxNewTokens\":16000,\"temperature\":0}")
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String id = json.readTree(created).get("id").asString();
        // WebClient, not WebTestClient: a reply that waits for admission sends no headers yet, and must not block
        WebClient.Builder client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultCookie("puyu_visitor", visitor);
        if (csrf != null) {
            client.defaultCookie("XSRF-TOKEN", csrf).defaultHeader("X-XSRF-TOKEN", csrf);
        }
        streams.add(client.build().post().uri("/api/conversations/" + id + "/messages")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"content\":\"Go on and on\"}")
                .retrieve().bodyToFlux(SSE).subscribe(events::add, e -> { }));
        return new Client(visitor, csrf, id);
    }

    /** The visitor's cookie and, with Spring Security, its CSRF token sent back as the chat page does. */
    private WebTestClient as(String visitor, String csrf) {
        WebTestClient.Builder client = web.mutate().defaultCookie("puyu_visitor", visitor);
        if (csrf != null) {
            client.defaultCookie("XSRF-TOKEN", csrf).defaultHeader("X-XSRF-TOKEN", csrf);
        }
        return client.build();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aFullQueueIsExplainedInlineAndRetryAnswersOnceThereIsRoom() {
        List<ServerSentEvent<String>> running = new CopyOnWriteArrayList<>();
        List<ServerSentEvent<String>> waiting = new CopyOnWriteArrayList<>();
        List<Disposable> streams = new CopyOnWriteArrayList<>();
        try (Playwright playwright = Browsers.playwright(); Browser browser = Browsers.chromium(playwright);
             ChatPageDriver chat = new ChatPageDriver(browser, "http://127.0.0.1:" + port)) {
            chat.open("/");
            chat.setSlider("max-length", 8);

            Client first = longReply(running, streams);
            await("the first reply runs", () -> !running.isEmpty());
            Client second = longReply(waiting, streams);
            await("the second reply waits", () -> engine.metrics().waiting() == 1);

            chat.send("Hello, anyone there?");
            assertThat(chat.error()).containsText("The server is busy");
            assertThat(chat.page.locator("#composer-error-action")).hasText("Retry");
            assertThat(chat.userMessages().first().locator(".content")).hasText("Hello, anyone there?");
            assertThat(chat.lastReply().locator(".msg-notice")).containsText("The reply failed");
            List<Message> stored = conversations.get(chat.owner(), chat.conversationId()).messages();
            assertThat(stored).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT);
            assertThat(stored.get(1).status()).isEqualTo(MessageStatus.ERROR);
            Browsers.screenshot(chat.page, "chat-queue-full");

            for (Client c : List.of(first, second)) {
                as(c.visitor(), c.csrf()).post().uri("/api/conversations/" + c.conversation() + "/stop").exchange()
                        .expectStatus().isOk();
            }
            await("the engine is idle", () -> engine.metrics().running() == 0 && engine.metrics().waiting() == 0);

            chat.page.locator("#composer-error-action").click();
            chat.waitFor("() => { const r = document.querySelectorAll('#messages .msg-assistant');"
                    + " return r.length === 1 && r[0].dataset.id && !r[0].classList.contains('failed')"
                    + " && !document.body.classList.contains('busy'); }", null, ChatPageDriver.REPLY_TIMEOUT_MS);
            assertThat(chat.error()).isHidden();
            stored = conversations.get(chat.owner(), chat.conversationId()).messages();
            assertThat(stored).hasSize(2);
            assertThat(stored.get(1).status()).isEqualTo(MessageStatus.COMPLETE);
            assertThat(chat.lastReply()).hasAttribute("data-id", String.valueOf(stored.get(1).id()));
            chat.assertNoProblems();
        } finally {
            streams.forEach(Disposable::dispose);
        }
    }
}

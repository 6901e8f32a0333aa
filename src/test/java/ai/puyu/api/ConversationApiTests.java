package ai.puyu.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageStatus;
import ai.puyu.conversation.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The conversation API of the chat page, per visitor cookie, on the tiny demo model. */
class ConversationApiTests extends ApiTestBase {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient web;

    @Autowired
    ConversationService conversations;

    @Autowired
    ObjectMapper json;

    /** The CSRF token (XSRF-TOKEN cookie) each visitor received with its first response. */
    private final Map<String, String> csrfTokens = new ConcurrentHashMap<>();

    /**
     * A client acting as this visitor: its cookie, and its CSRF token sent back as the page's scripts do (header
     * X-XSRF-TOKEN with the XSRF-TOKEN cookie's value).
     */
    private WebTestClient as(String visitor) {
        String token = csrfTokens.get(visitor);
        return web.mutate().defaultCookie(VisitorFilter.COOKIE, visitor).defaultCookie("XSRF-TOKEN", token)
                .defaultHeader("X-XSRF-TOKEN", token).build();
    }

    /** A new visitor: the cookies the server sets on its first request (visitor identity and CSRF token). */
    private String newVisitor() {
        var result = web.get().uri("/api/conversations").exchange().expectStatus().isOk().returnResult(String.class);
        ResponseCookie csrf = result.getResponseCookies().getFirst("XSRF-TOKEN");
        assertThat(csrf).as("the CSRF cookie is written on the first GET").isNotNull();
        ResponseCookie cookie = result.getResponseCookies().getFirst(VisitorFilter.COOKIE);
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.isSecure()).isFalse();
        csrfTokens.put(cookie.getValue(), csrf.getValue());
        return cookie.getValue();
    }

    private JsonNode create(String visitor, String body) {
        byte[] bytes = as(visitor).post().uri("/api/conversations")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return json.readTree(bytes);
    }

    private JsonNode getJson(String visitor, String uri) {
        byte[] bytes = as(visitor).get().uri(uri).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return json.readTree(bytes);
    }

    private List<ServerSentEvent<String>> stream(String visitor, String uri, String body) {
        return as(visitor).mutate().responseTimeout(Duration.ofSeconds(60)).build().post().uri(uri)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                .collectList().block(Duration.ofSeconds(60));
    }

    private static String tokens(List<ServerSentEvent<String>> events, ObjectMapper json) {
        StringBuilder text = new StringBuilder();
        for (var e : events) {
            if ("token".equals(e.event())) {
                text.append(json.readTree(e.data()).get("text").stringValue());
            }
        }
        return text.toString();
    }

    @Test
    void setsAnHttpOnlyVisitorCookieOnceAndListsConversationsNewestFirst() {
        String visitor = newVisitor();
        as(visitor).get().uri("/api/conversations").exchange()
                .expectHeader().doesNotExist("Set-Cookie");
        long first = create(visitor, "{\"title\":\"first\"}").get("id").longValue();
        JsonNode second = create(visitor, """
                {"title":"second","systemPrompt":"Be brief.","maxNewTokens":16,"temperature":0.5,"topP":0.9}""");
        assertThat(second.get("settings").get("systemPrompt").stringValue()).isEqualTo("Be brief.");
        assertThat(second.get("settings").get("maxNewTokens").intValue()).isEqualTo(16);

        JsonNode page = getJson(visitor, "/api/conversations?page=0&size=10");
        assertThat(page.get("total").longValue()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("title").stringValue()).isEqualTo("second");
        assertThat(page.get("items").get(1).get("id").longValue()).isEqualTo(first);
        JsonNode paged = getJson(visitor, "/api/conversations?page=1&size=1");
        assertThat(paged.get("items")).hasSize(1);
        assertThat(paged.get("items").get(0).get("title").stringValue()).isEqualTo("first");
    }

    @Test
    void streamsTokensThenTheStoredReplyWhoseContentIsTheTokens() {
        String visitor = newVisitor();
        long id = create(visitor, "{\"maxNewTokens\":12,\"temperature\":0}").get("id").longValue();
        var events = stream(visitor, "/api/conversations/" + id + "/messages", "{\"content\":\"Hello there\"}");

        assertThat(events).isNotEmpty();
        assertThat(events.getLast().event()).isEqualTo("done");
        assertThat(events.subList(0, events.size() - 1)).allMatch(e -> "token".equals(e.event()));
        JsonNode done = json.readTree(events.getLast().data());
        assertThat(done.get("content").stringValue()).isEqualTo(tokens(events, json)).isNotEmpty();
        assertThat(done.get("status").stringValue()).isEqualTo("complete");
        assertThat(done.get("stats").get("completionTokens").intValue()).isBetween(1, 12);
        assertThat(done.get("sampling").get("temperature").doubleValue()).isZero();

        JsonNode detail = getJson(visitor, "/api/conversations/" + id);
        JsonNode messages = detail.get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("role").stringValue()).isEqualTo("user");
        assertThat(messages.get(0).get("content").stringValue()).isEqualTo("Hello there");
        assertThat(messages.get(1).get("role").stringValue()).isEqualTo("assistant");
        assertThat(messages.get(1).get("content").stringValue()).isEqualTo(done.get("content").stringValue());
    }

    @Test
    void regenerateReplacesTheLastReply() {
        String visitor = newVisitor();
        long id = create(visitor, "{\"maxNewTokens\":8,\"temperature\":1.0}").get("id").longValue();
        var firstEvents = stream(visitor, "/api/conversations/" + id + "/messages", "{\"content\":\"Hi\",\"seed\":1}");
        long firstReply = json.readTree(firstEvents.getLast().data()).get("id").longValue();

        var again = stream(visitor, "/api/conversations/" + id + "/regenerate", "{\"seed\":2}");
        JsonNode done = json.readTree(again.getLast().data());
        assertThat(again.getLast().event()).isEqualTo("done");
        assertThat(done.get("content").stringValue()).isEqualTo(tokens(again, json));

        List<Message> stored = conversations.get("visitor:" + visitor, id).messages();
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).role()).isEqualTo(Role.USER);
        assertThat(stored.get(1).id()).isEqualTo(done.get("id").longValue()).isNotEqualTo(firstReply);
        assertThat(stored.get(1).seq()).isEqualTo(1);
        assertThat(stored.get(1).sampling().seed()).isEqualTo(2L);
    }

    @Test
    void stopMidStreamStoresThePartialReplyAsStopped() {
        String visitor = newVisitor();
        long id = create(visitor, "{\"maxNewTokens\":2000,\"temperature\":1.0}").get("id").longValue();
        List<ServerSentEvent<String>> events = new ArrayList<>();
        var flux = as(visitor).mutate().responseTimeout(Duration.ofSeconds(60)).build().post()
                .uri("/api/conversations/" + id + "/messages")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"content\":\"go on\",\"seed\":7}")
                .exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                .publishOn(Schedulers.boundedElastic()) // the stop request blocks: not on the event loop
                .doOnNext(e -> {
                    events.add(e);
                    if (events.size() == 3) {
                        as(visitor).post().uri("/api/conversations/" + id + "/stop")
                                .exchange().expectStatus().isOk().expectBody().jsonPath("$.stopped").isEqualTo(true);
                    }
                });
        flux.blockLast(Duration.ofSeconds(60));

        assertThat(events.getLast().event()).isEqualTo("done");
        JsonNode done = json.readTree(events.getLast().data());
        assertThat(done.get("status").stringValue()).isEqualTo("stopped");
        assertThat(done.get("stats").get("completionTokens").intValue()).isBetween(3, 1999);
        Message stored = conversations.get("visitor:" + visitor, id).messages().getLast();
        assertThat(stored.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(stored.content()).isEqualTo(tokens(events, json)).isNotEmpty();
        // nothing is running any more: stop answers false
        as(visitor).post().uri("/api/conversations/" + id + "/stop")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.stopped").isEqualTo(false);
    }

    @Test
    void renamesChangesSettingsAndDeletes() {
        String visitor = newVisitor();
        long id = create(visitor, "{\"title\":\"old\",\"temperature\":0.7}").get("id").longValue();
        as(visitor).patch().uri("/api/conversations/" + id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"title\":\"new name\",\"topP\":0.5}")
                .exchange().expectStatus().isOk();
        JsonNode detail = getJson(visitor, "/api/conversations/" + id);
        assertThat(detail.get("title").stringValue()).isEqualTo("new name");
        assertThat(detail.get("settings").get("topP").doubleValue()).isEqualTo(0.5);
        assertThat(detail.get("settings").get("temperature").doubleValue()).isEqualTo(0.7);

        as(visitor).delete().uri("/api/conversations/" + id).exchange()
                .expectStatus().isNoContent();
        as(visitor).get().uri("/api/conversations/" + id).exchange()
                .expectStatus().isNotFound();
    }

    /**
     * A client that writes as the visitor: its cookie and, where the server issues one (with Spring Security), a
     * CSRF token sent back as the chat page does (X-XSRF-TOKEN header equal to the XSRF-TOKEN cookie).
     */
    private WebTestClient writer(String visitor) {
        var first = web.get().uri("/api/conversations").cookie(VisitorFilter.COOKIE, visitor).exchange()
                .expectStatus().isOk().returnResult(String.class);
        ResponseCookie csrf = first.getResponseCookies().getFirst("XSRF-TOKEN");
        WebTestClient.Builder client = web.mutate().responseTimeout(Duration.ofSeconds(60))
                .defaultCookie(VisitorFilter.COOKIE, visitor);
        if (csrf != null) {
            client.defaultCookie("XSRF-TOKEN", csrf.getValue()).defaultHeader("X-XSRF-TOKEN", csrf.getValue());
        }
        return client.build();
    }

    @Test
    void clearingDeletesTheMessagesKeepsTheConversationAndIsRefusedToOtherVisitors() {
        String visitor = newVisitor();
        String other = newVisitor();
        long id = create(visitor, "{\"title\":\"keep me\",\"maxNewTokens\":4,\"temperature\":0.3}").get("id")
                .longValue();
        stream(visitor, "/api/conversations/" + id + "/messages", "{\"content\":\"Hello\"}");
        assertThat(conversations.get("visitor:" + visitor, id).messages()).hasSize(2);

        writer(other).delete().uri("/api/conversations/" + id + "/messages").exchange().expectStatus().isNotFound();
        assertThat(conversations.get("visitor:" + visitor, id).messages()).hasSize(2);

        writer(visitor).delete().uri("/api/conversations/" + id + "/messages").exchange().expectStatus().isNoContent();
        JsonNode detail = getJson(visitor, "/api/conversations/" + id);
        assertThat(detail.get("messages")).isEmpty();
        assertThat(detail.get("title").stringValue()).isEqualTo("keep me");
        assertThat(detail.get("settings").get("temperature").doubleValue()).isEqualTo(0.3);

        // the conversation goes on from an empty history
        var events = stream(visitor, "/api/conversations/" + id + "/messages", "{\"content\":\"Again\"}");
        assertThat(events.getLast().event()).isEqualTo("done");
        List<Message> stored = conversations.get("visitor:" + visitor, id).messages();
        assertThat(stored).extracting(Message::seq).containsExactly(0, 1);
        assertThat(stored.getFirst().content()).isEqualTo("Again");
    }

    @Test
    void clearingIsRefusedWhileAReplyStreams() {
        String visitor = newVisitor();
        long id = create(visitor, "{\"maxNewTokens\":2000,\"temperature\":0}").get("id").longValue();
        List<ServerSentEvent<String>> events = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        WebTestClient client = writer(visitor);
        client.post().uri("/api/conversations/" + id + "/messages")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"content\":\"go on\"}")
                .exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(e -> {
                    events.add(e);
                    if (events.size() == 2) {
                        statuses.add(client.delete().uri("/api/conversations/" + id + "/messages").exchange()
                                .returnResult(String.class).getStatus().value());
                        client.post().uri("/api/conversations/" + id + "/stop").exchange().expectStatus().isOk();
                    }
                }).blockLast(Duration.ofSeconds(60));

        assertThat(statuses).containsExactly(409);
        assertThat(conversations.get("visitor:" + visitor, id).messages()).hasSize(2);
    }

    @Test
    void anotherVisitorCannotSeeRenameDeleteOrWriteToAConversation() {
        String owner = newVisitor();
        String other = newVisitor();
        assertThat(other).isNotEqualTo(owner);
        long id = create(owner, "{\"title\":\"mine\"}").get("id").longValue();

        as(other).get().uri("/api/conversations/" + id).exchange()
                .expectStatus().isNotFound();
        as(other).patch().uri("/api/conversations/" + id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"title\":\"stolen\"}").exchange()
                .expectStatus().isNotFound();
        as(other).post().uri("/api/conversations/" + id + "/messages")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"content\":\"hi\"}").exchange()
                .expectStatus().isNotFound();
        as(other).delete().uri("/api/conversations/" + id).exchange()
                .expectStatus().isNotFound();
        assertThat(getJson(other, "/api/conversations").get("total").longValue()).isZero();

        JsonNode detail = getJson(owner, "/api/conversations/" + id);
        assertThat(detail.get("title").stringValue()).isEqualTo("mine");
        assertThat(detail.get("messages")).isEmpty();
    }

    @Test
    void badInputIsA400NamingTheFieldAndStoresNothing() {
        String visitor = newVisitor();
        expect400(visitor, "/api/conversations", "{\"temperature\":-0.1}", "temperature");
        expect400(visitor, "/api/conversations", "{\"topP\":0}", "topP");
        expect400(visitor, "/api/conversations", "{\"maxNewTokens\":0}", "maxNewTokens");
        expect400(visitor, "/api/conversations", "{\"title\":5}", "title");
        assertThat(getJson(visitor, "/api/conversations").get("total").longValue()).isZero();

        long id = create(visitor, "{}").get("id").longValue();
        expect400(visitor, "/api/conversations/" + id + "/messages", "{\"content\":\"\"}", "content");
        expect400(visitor, "/api/conversations/" + id + "/messages", "{}", "content");
        expect400(visitor, "/api/conversations/" + id + "/messages", "{\"content\":\"hi\",\"temperature\":-1}",
                "temperature");
        as(visitor).post().uri("/api/conversations/" + id + "/messages")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"content\":").exchange()
                .expectStatus().isBadRequest();
        expect400(visitor, "/api/conversations/" + id + "/regenerate", "{}", null);
        assertThat(conversations.get("visitor:" + visitor, id).messages()).isEmpty();
    }

    private void expect400(String visitor, String uri, String body, String field) {
        byte[] bytes = as(visitor).post().uri(uri)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectBody().returnResult().getResponseBody();
        JsonNode error = json.readTree(bytes).get("error");
        if (field != null) {
            assertThat(error.get("param").stringValue()).isEqualTo(field);
            assertThat(error.get("message").stringValue()).contains(field);
        } else {
            assertThat(error.get("message").stringValue()).isNotBlank();
        }
    }

}

package ai.puyu.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.ApiKeyService;
import ai.puyu.conversation.CreatedApiKey;
import ai.puyu.testsupport.WebSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The review features under {@code /admin/api} over real HTTP, on a whole Puyu with the demo model, as a signed-in
 * reviewer (and an administrator for what only ADMIN may do: delete, read the audit log), with the CSRF header.
 */
class AdminApiTests extends AdminWebTestBase {

    @Autowired
    ObjectMapper json;

    @Autowired
    ApiKeyService keys;

    /** A GET as the reviewer. */
    private JsonNode get(String uri, HttpStatus status) {
        return get(reviewer, uri, status);
    }

    private JsonNode get(WebSession who, String uri, HttpStatus status) {
        byte[] body = who.get(uri).expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return json.readTree(body);
    }

    /** A JSON request (body may be null) as the reviewer. */
    private JsonNode send(String method, String uri, String body, HttpStatus status) {
        return send(reviewer, method, uri, body, status);
    }

    private JsonNode send(WebSession who, String method, String uri, String body, HttpStatus status) {
        byte[] bytes = who.json(HttpMethod.valueOf(method), uri, body).expectStatus().isEqualTo(status).expectBody()
                .returnResult().getResponseBody();
        return bytes == null || bytes.length == 0 ? null : json.readTree(bytes);
    }

    private static void assertBadParameter(JsonNode body, String param) {
        assertThat(body.get("error").get("param").asString()).isEqualTo(param);
        assertThat(body.get("error").get("message").asString()).contains(param);
    }

    @Test
    void aRealChatCompletionShowsUpInTheListAndItsTranscriptHasTheEngineStatistics() {
        CreatedApiKey key = keys.create("admin-e2e");
        byte[] reply = web.mutate().responseTimeout(Duration.ofSeconds(120)).build().post().uri("/v1/chat/completions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.plaintext()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"demo-tiny\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"content\":\"Zebra crossings in 上海\"}],\"max_tokens\":4,\"seed\":7}")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(json.readTree(reply).get("choices")).hasSize(1);

        JsonNode list = get("/admin/api/conversations?q=zebra+上海&apiKey=" + key.apiKey().id(), HttpStatus.OK);
        assertThat(list.get("total").asLong()).isEqualTo(1);
        JsonNode item = list.get("items").get(0);
        long id = item.get("conversation").get("id").asLong();
        assertThat(item.get("conversation").get("apiKeyName").asString()).isEqualTo("admin-e2e");
        assertThat(item.get("messages").asLong()).isEqualTo(3);

        JsonNode transcript = get("/admin/api/conversations/" + id, HttpStatus.OK);
        JsonNode messages = transcript.get("messages");
        assertThat(messages).extracting(m -> m.get("role").asString()).containsExactly("system", "user", "assistant");
        JsonNode answer = messages.get(2);
        assertThat(answer.get("status").asString()).isEqualTo("complete");
        assertThat(answer.get("promptTokens").asInt()).isPositive();
        assertThat(answer.get("completionTokens").asInt()).isBetween(1, 4);
        assertThat(answer.get("timeToFirstTokenMs").asDouble()).isPositive();
        assertThat(answer.get("sampling").get("seed").asLong()).isEqualTo(7);
        assertThat(answer.get("backend").asString()).isNotBlank();
        assertThat(transcript.get("conversation").get("model").asString()).isEqualTo("demo-tiny");
    }

    @Test
    void listsFiltersSortsAndPagesAndRefusesBadValuesNamingTheParameter() {
        long a = seed("alice", "First", null, "apples and pears", "fruit");
        long b = seed("bob", "Second", null, "apples only", "fruit too");
        seed("alice", "Third", null, "nothing here", "ok");

        JsonNode page = get("/admin/api/conversations?q=apples&sort=created,asc&size=1", HttpStatus.OK);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("sort").asString()).isEqualTo("created,asc");
        assertThat(page.get("items").get(0).get("conversation").get("id").asLong()).isEqualTo(a);
        assertThat(get("/admin/api/conversations?q=apples&sort=created,asc&size=1&page=1", HttpStatus.OK)
                .get("items").get(0).get("conversation").get("id").asLong()).isEqualTo(b);
        assertThat(get("/admin/api/conversations?user=alice&q=APPLES", HttpStatus.OK).get("total").asLong()).isEqualTo(1);
        assertThat(get("/admin/api/conversations", HttpStatus.OK).get("counts").get("messages").asLong()).isEqualTo(6);

        assertBadParameter(get("/admin/api/conversations?rating=excellent", HttpStatus.BAD_REQUEST), "rating");
        assertBadParameter(get("/admin/api/conversations?size=1000", HttpStatus.BAD_REQUEST), "size");
        assertBadParameter(get("/admin/api/conversations?page=-1", HttpStatus.BAD_REQUEST), "page");
        assertBadParameter(get("/admin/api/conversations?page=two", HttpStatus.BAD_REQUEST), "page");
        assertBadParameter(get("/admin/api/conversations?sort=price", HttpStatus.BAD_REQUEST), "sort");
        assertBadParameter(get("/admin/api/conversations?from=2026-99-01", HttpStatus.BAD_REQUEST), "from");
        assertBadParameter(get("/admin/api/conversations?status=finished", HttpStatus.BAD_REQUEST), "status");
    }

    @Test
    void ratesFlagsAndDeletesWithClearErrorsAndAnAuditEntryForEach() {
        long id = seed("alice", "Judge me", "Be nice.", "hello", "hi there");
        long question = messageId(id, 0);
        long answer = messageId(id, 1);

        assertThat(get("/admin/api/conversations/" + id, HttpStatus.OK).get("conversation").get("systemPrompt")
                .asString()).isEqualTo("Be nice.");
        assertThat(get("/admin/api/conversations/" + (id + 999), HttpStatus.NOT_FOUND).get("error").get("message")
                .asString()).contains("conversation " + (id + 999));
        assertThat(get("/admin/api/conversations/abc", HttpStatus.BAD_REQUEST).get("error")).isNotNull();

        assertThat(send("PUT", "/admin/api/messages/" + answer + "/rating", "{\"rating\":\"good\"}", HttpStatus.OK)
                .get("rating").asString()).isEqualTo("good");
        assertThat(send("PUT", "/admin/api/messages/" + answer + "/rating", "{\"rating\":null}", HttpStatus.OK)
                .get("rating").isNull()).isTrue();
        assertBadParameter(send("PUT", "/admin/api/messages/" + answer + "/rating", "{\"rating\":5}",
                HttpStatus.BAD_REQUEST), "rating");
        assertBadParameter(send("PUT", "/admin/api/messages/" + answer + "/rating", "{\"rating\":", HttpStatus.BAD_REQUEST), "body");
        assertBadParameter(send("PUT", "/admin/api/messages/" + answer + "/rating", "{}", HttpStatus.BAD_REQUEST), "rating");
        assertBadParameter(send("PUT", "/admin/api/messages/" + question + "/rating", "{\"rating\":\"bad\"}",
                HttpStatus.BAD_REQUEST), "messageId");

        JsonNode flagged = send("PUT", "/admin/api/conversations/" + id + "/flag",
                "{\"reason\":\"rude\",\"tags\":[\"Tone\",\"review-2026\"]}", HttpStatus.OK);
        assertThat(flagged.get("flag").get("tags")).extracting(JsonNode::asString).containsExactly("review-2026", "tone");
        assertBadParameter(send("PUT", "/admin/api/conversations/" + id + "/flag", "{\"tags\":[\"x\"]}",
                HttpStatus.BAD_REQUEST), "reason");
        assertBadParameter(send("PUT", "/admin/api/conversations/" + id + "/flag", "{\"reason\":\"x\",\"tags\":\"x\"}",
                HttpStatus.BAD_REQUEST), "tags");
        assertThat(get("/admin/api/conversations?tag=tone", HttpStatus.OK).get("total").asLong()).isEqualTo(1);
        // DELETE under /admin/api is for administrators; reviewers clear a flag with POST .../unflag (below)
        send("DELETE", "/admin/api/conversations/" + id + "/flag", null, HttpStatus.FORBIDDEN);
        assertThat(send(admin, "DELETE", "/admin/api/conversations/" + id + "/flag", null, HttpStatus.OK).get("flag")
                .isNull()).isTrue();
        send("PUT", "/admin/api/conversations/" + id + "/flag", "{\"reason\":\"again\"}", HttpStatus.OK);
        assertThat(send("POST", "/admin/api/conversations/" + id + "/unflag", null, HttpStatus.OK).get("flag").isNull())
                .isTrue();

        send("DELETE", "/admin/api/conversations/" + id, null, HttpStatus.FORBIDDEN);
        send("POST", "/admin/api/conversations/delete?all=true", null, HttpStatus.FORBIDDEN);
        get("/admin/api/audit", HttpStatus.FORBIDDEN);
        assertBadParameter(send(admin, "POST", "/admin/api/conversations/delete", null, HttpStatus.BAD_REQUEST), "all");
        send(admin, "DELETE", "/admin/api/conversations/" + id, null, HttpStatus.NO_CONTENT);
        send(admin, "DELETE", "/admin/api/conversations/" + id, null, HttpStatus.NOT_FOUND);
        seed("bob", "Filtered", null, "remove me", "ok");
        seed("bob", "Kept", null, "keep me", "ok");
        assertThat(send(admin, "POST", "/admin/api/conversations/delete?q=remove&user=bob", null, HttpStatus.OK)
                .get("deleted").asInt()).isEqualTo(1);
        assertThat(get("/admin/api/conversations", HttpStatus.OK).get("total").asLong()).isEqualTo(1);

        JsonNode audit = get(admin, "/admin/api/audit?size=50", HttpStatus.OK);
        List<String> entries = new ArrayList<>();
        audit.get("entries").forEach(e -> entries.add(e.get("actor").asString() + " " + e.get("action").asString()));
        String byAdmin = AuditLog.user(ADMIN) + " ";
        String byReviewer = AuditLog.user(REVIEWER) + " ";
        assertThat(entries).containsExactly(byAdmin + AuditLog.CONVERSATION_DELETE,
                byAdmin + AuditLog.CONVERSATION_DELETE, byReviewer + AuditLog.CONVERSATION_UNFLAG,
                byReviewer + AuditLog.CONVERSATION_FLAG, byAdmin + AuditLog.CONVERSATION_UNFLAG,
                byReviewer + AuditLog.CONVERSATION_FLAG, byReviewer + AuditLog.MESSAGE_RATE,
                byReviewer + AuditLog.MESSAGE_RATE, byReviewer + AuditLog.CONVERSATION_VIEW);
        assertThat(audit.get("entries").get(0).get("target").asString()).isEqualTo("q=\"remove\" user=bob");
        assertThat(get(admin, "/admin/api/audit?action=" + AuditLog.MESSAGE_RATE, HttpStatus.OK).get("total").asLong())
                .isEqualTo(2);
        assertBadParameter(get(admin, "/admin/api/audit?from=last-week", HttpStatus.BAD_REQUEST), "from");
    }

    @Test
    void exportsTheFilteredSetAsAJsonlAttachmentAndRefusesABadFilterBeforeSendingAnything() {
        seed("alice", "One", null, "export me", "fine");
        seed("alice", "Two", null, "export me too", "fine", "and again", "sure");
        seed("bob", "Three", null, "not me", "no");

        var result = reviewer.get("/admin/api/export?q=export").expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_NDJSON)
                .expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, v -> assertThat(v)
                        .startsWith("attachment; filename=\"puyu-conversations-").endsWith(".jsonl\""))
                .expectBody().returnResult();
        String[] lines = new String(result.getResponseBody(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(json.readTree(lines[1]).get("messages")).hasSize(4);
        assertThat(json.readTree(lines[0]).get("title").asString()).isEqualTo("One");
        reviewer.get("/admin/export?user=bob").expectStatus().isOk();
        WebSession.anonymous(web).get("/admin/api/export").expectStatus().isUnauthorized();

        assertBadParameter(get("/admin/api/export?flagged=perhaps", HttpStatus.BAD_REQUEST), "flagged");
        JsonNode audit = get(admin, "/admin/api/audit?action=" + AuditLog.CONVERSATION_EXPORT, HttpStatus.OK);
        assertThat(audit.get("entries")).extracting(e -> e.get("actor").asString() + " " + e.get("detail").asString())
                .containsExactly(AuditLog.user(REVIEWER) + " 1 conversations", AuditLog.user(REVIEWER) + " 2 conversations");
        assertThat(audit.get("entries").get(1).get("target").asString()).isEqualTo("q=\"export\"");
    }

    @Test
    void theDashboardApiReportsTodaysFiguresAndRefusesABadWindow() {
        seed("alice", "Today", null, "q1", "a1", "q2", "a2");
        JsonNode d = get("/admin/api/dashboard?days=7", HttpStatus.OK);
        assertThat(d.get("days")).hasSize(7);
        JsonNode today = d.get("days").get(6);
        assertThat(today.get("conversations").asLong()).isEqualTo(1);
        assertThat(today.get("replies").asLong()).isEqualTo(2);
        assertThat(today.get("promptTokens").asLong()).isEqualTo(120 + 122);
        assertThat(today.get("cacheHitRate").asDouble()).isEqualTo(128.0 / 242);
        assertThat(today.get("timeToFirstTokenMs").get("p50").asDouble()).isEqualTo(85.5);
        assertThat(d.get("totals").get("tokensPerSecond").get("count").asInt()).isEqualTo(2);
        assertBadParameter(get("/admin/api/dashboard?days=0", HttpStatus.BAD_REQUEST), "days");
        assertBadParameter(get("/admin/api/dashboard?days=week", HttpStatus.BAD_REQUEST), "days");
    }
}

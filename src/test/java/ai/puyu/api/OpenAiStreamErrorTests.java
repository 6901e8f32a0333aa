package ai.puyu.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageStatus;
import ai.puyu.testsupport.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A generation that fails after its stream began: a KV cache of 4 blocks (64 positions) admits a short prompt,
 * then cannot hold the reply as it grows, and the engine ends the sequence with an error. The stream has sent
 * text chunks by then, so the error goes out as a last SSE event in OpenAI's envelope, followed by
 * {@code [DONE]}; a whole (non-streamed) request gets HTTP 500 with the same envelope; the partial reply is stored
 * as an error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OpenAiStreamErrorTests {

    private static final Path DATA_DIR = TempDirs.create("puyu-stream-error-tests");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("puyu.data-dir", DATA_DIR::toString);
        registry.add("puyu.model-path", () -> "");
        registry.add("puyu.engine.threads", () -> "1");
        registry.add("puyu.engine.max-context", () -> "2048");
        // the tiny model's KV cache takes 16 KiB per block of 16 positions
        registry.add("puyu.engine.kv-cache-memory", () -> "64KB");
    }

    WebTestClient client;

    @Autowired
    ObjectMapper json;

    @Autowired
    ConversationService conversations;

    @Autowired
    void client(WebTestClient autoConfigured) {
        // a cold JVM on a busy machine can take longer than the default 5 s for a first reply
        client = autoConfigured.mutate().responseTimeout(Duration.ofSeconds(60)).build();
    }

    private List<String> streamData(String uri, String body) {
        String raw = client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectBody(String.class).returnResult().getResponseBody();
        List<String> data = new ArrayList<>();
        for (String event : raw.split("\n\n")) {
            if (!event.isBlank()) {
                assertThat(event).startsWith("data: ");
                data.add(event.substring("data: ".length()));
            }
        }
        return data;
    }

    private void assertErrorAfterText(List<String> data, String textField) {
        assertThat(data.getLast()).isEqualTo("[DONE]");
        JsonNode error = json.readTree(data.get(data.size() - 2)).get("error");
        assertThat(error).as("the event before [DONE] is an error").isNotNull();
        assertThat(error.get("type").asString()).isEqualTo("server_error");
        assertThat(error.get("code").asString()).isEqualTo("generation_failed");
        assertThat(error.get("message").asString()).contains("KV cache exhausted");
        List<JsonNode> chunks = data.subList(0, data.size() - 2).stream().map(json::readTree).toList();
        assertThat(chunks).as("text was streamed before the error").isNotEmpty();
        long withText = chunks.stream().filter(c -> !c.get("choices").get(0).path("delta").path(textField).asString("")
                .isEmpty() || !c.get("choices").get(0).path(textField).asString("").isEmpty()).count();
        assertThat(withText).isPositive();
        assertThat(chunks).allSatisfy(c -> assertThat(c.get("choices").get(0).get("finish_reason").isNull()).isTrue());
    }

    private Message storedReply(String owner) {
        var list = conversations.list(owner, 0, 1).getContent();
        assertThat(list).hasSize(1);
        return conversations.get(owner, list.getFirst().id()).messages().getLast();
    }

    @Test
    void aChatStreamThatFailsMidwaySendsAnErrorEventThenDone() {
        List<String> data = streamData("/v1/chat/completions", """
                {"model":"demo-tiny","messages":[{"role":"user","content":"hi"}],"max_tokens":500,
                 "temperature":0,"stream":true,"user":"midstream-chat"}""");
        assertErrorAfterText(data, "content");
        Message reply = storedReply("midstream-chat");
        assertThat(reply.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(reply.content()).isNotEmpty();
        assertThat(reply.errorText()).contains("KV cache exhausted");
    }

    @Test
    void aCompletionStreamThatFailsMidwaySendsAnErrorEventThenDone() {
        assertErrorAfterText(streamData("/v1/completions", """
                {"model":"demo-tiny","prompt":"Once upon","max_tokens":500,"temperature":0,"stream":true,
                 "user":"midstream-text"}"""), "text");
    }

    @Test
    void theSameFailureWithoutStreamingIsA500InOpenAisEnvelope() {
        client.post().uri("/v1/completions").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                {"model":"demo-tiny","prompt":"Once upon","max_tokens":500,"temperature":0,"user":"whole-fails"}""")
                .exchange().expectStatus().is5xxServerError().expectBody()
                .jsonPath("$.error.type").isEqualTo("server_error")
                .jsonPath("$.error.code").isEqualTo("generation_failed")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("KV cache exhausted"));
        assertThat(storedReply("whole-fails").status()).isEqualTo(MessageStatus.ERROR);
    }
}

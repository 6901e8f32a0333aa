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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The exact OpenAI shapes of chat completions, whole and streamed, and what gets stored. */
class ChatCompletionsShapeTests extends ApiTestBase {

    @Autowired
    WebTestClient client;

    @Autowired
    ObjectMapper json;

    @Autowired
    ConversationService conversations;

    private WebTestClient.ResponseSpec post(String uri, String body) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void listsTheLoadedModel() {
        client.get().uri("/v1/models").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.object").isEqualTo("list")
                .jsonPath("$.data[0].id").isEqualTo(MODEL)
                .jsonPath("$.data[0].object").isEqualTo("model");
    }

    @Test
    void answersAWholeChatCompletionAndStoresTheConversation() {
        byte[] body = post("/v1/chat/completions", """
                {"model":"demo-tiny","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Hello there"}],"max_tokens":8,"temperature":0,"user":"shape-whole",
                 "some_unknown_field":{"x":1}}""")
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        JsonNode r = json.readTree(body);
        assertThat(r.get("object").asString()).isEqualTo("chat.completion");
        assertThat(r.get("id").asString()).startsWith("chatcmpl-");
        assertThat(r.get("model").asString()).isEqualTo(MODEL);
        JsonNode choice = r.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        assertThat(choice.get("finish_reason").asString()).isIn("stop", "length");
        JsonNode usage = r.get("usage");
        int completion = usage.get("completion_tokens").asInt();
        assertThat(completion).isBetween(0, 8);
        if (completion == 8) {
            assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
        }
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + completion);
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").isInt()).isTrue();

        var stored = conversations.list("shape-whole", 0, 10).getContent();
        assertThat(stored).hasSize(1);
        List<Message> messages = conversations.get("shape-whole", stored.getFirst().id()).messages();
        assertThat(messages).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT);
        Message reply = messages.get(2);
        assertThat(reply.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(reply.content()).isEqualTo(choice.get("message").get("content").asString());
        assertThat(reply.finishReason()).isEqualTo(choice.get("finish_reason").asString());
        assertThat(reply.stats().promptTokens()).isEqualTo(usage.get("prompt_tokens").asInt());
        assertThat(reply.stats().completionTokens()).isEqualTo(completion);
        assertThat(reply.sampling().maxNewTokens()).isEqualTo(8);
        assertThat(reply.sampling().temperature()).isEqualTo(0.0);
    }

    @Test
    void reusesTheCachedPrefixOfARepeatedPrompt() {
        String request = """
                {"model":"demo-tiny","messages":[{"role":"system","content":"%s"},
                 {"role":"user","content":"same question"}],"max_tokens":2,"temperature":0}"""
                .formatted("You are a careful assistant. ".repeat(8));
        post("/v1/chat/completions", request).expectStatus().isOk();
        JsonNode second = json.readTree(post("/v1/chat/completions", request).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        int prompt = second.get("usage").get("prompt_tokens").asInt();
        int cached = second.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt();
        assertThat(cached).isPositive().isLessThan(prompt);
    }

    @Test
    void streamsChunksWithTheRoleFirstAndDoneLast() {
        String raw = post("/v1/chat/completions", """
                {"model":"demo-tiny","messages":[{"role":"user","content":"Count"}],"max_tokens":6,
                 "temperature":0,"stream":true,"stream_options":{"include_usage":true}}""")
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectBody(String.class).returnResult().getResponseBody();
        List<String> data = new ArrayList<>();
        for (String event : raw.split("\n\n")) {
            if (!event.isBlank()) {
                assertThat(event).startsWith("data: ");
                data.add(event.substring("data: ".length()));
            }
        }
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(json::readTree).toList();
        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.get("choices").isEmpty()).isTrue();
        List<JsonNode> withChoices = chunks.subList(0, chunks.size() - 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < withChoices.size(); i++) {
            JsonNode c = withChoices.get(i);
            assertThat(c.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("id").asString()).isEqualTo(chunks.getFirst().get("id").asString());
            assertThat(c.get("usage").isNull()).isTrue();
            JsonNode delta = c.get("choices").get(0).get("delta");
            assertThat(delta.has("role")).isEqualTo(i == 0);
            if (delta.has("content")) {
                text.append(delta.get("content").asString());
            }
            boolean last = i == withChoices.size() - 1;
            assertThat(c.get("choices").get(0).get("finish_reason").isNull()).isEqualTo(!last);
        }
        assertThat(withChoices.getFirst().get("choices").get(0).get("delta").get("role").asString())
                .isEqualTo("assistant");
        assertThat(withChoices.getLast().get("choices").get(0).get("finish_reason").asString()).isIn("stop", "length");
        JsonNode usage = usageChunk.get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isBetween(0, 6);
        assertThat(usage.get("prompt_tokens_details").has("cached_tokens")).isTrue();
        assertThat(text.length()).isLessThanOrEqualTo(200);
    }

    @Test
    void answersAPlainCompletion() {
        post("/v1/completions", """
                {"model":"demo-tiny","prompt":"Once upon a time","max_tokens":4,"temperature":0}""")
                .expectStatus().isOk().expectBody()
                .jsonPath("$.object").isEqualTo("text_completion")
                .jsonPath("$.choices[0].text").isNotEmpty()
                .jsonPath("$.usage.prompt_tokens").value(n -> assertThat((Integer) n).isGreaterThan(1));
    }

    @Test
    void refusesAnUnknownModelWith404() {
        post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""")
                .expectStatus().isNotFound().expectBody()
                .jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.param").isEqualTo("model")
                .jsonPath("$.error.code").isEqualTo("model_not_found")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("gpt-4o").contains(MODEL));
    }

    @Test
    void describesTheApiAtV3ApiDocs() {
        // the first description is built on demand: about 4.5 s on a loaded 2-core machine, near the 5 s default
        client.mutate().responseTimeout(Duration.ofSeconds(60)).build().get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/v1/chat/completions'].post").exists()
                .jsonPath("$.paths['/v1/models'].get").exists();
    }

    @Test
    void exposesEngineMetricsInHealth() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.model.details.engine.maxContext").isEqualTo(2048)
                .jsonPath("$.components.model.details.engine.kvBlocksTotal")
                .value(n -> assertThat(((Number) n).intValue()).isPositive());
    }

}

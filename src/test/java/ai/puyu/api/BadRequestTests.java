package ai.puyu.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.ConversationService;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Each bad request gets its status and OpenAI's error envelope naming the field, and stores nothing. */
class BadRequestTests extends ApiTestBase {

    private static final String OWNER = "bad-input";

    @Autowired
    WebTestClient client;

    @Autowired
    ConversationService conversations;

    @AfterEach
    void nothingWasStored() {
        assertThat(conversations.list(OWNER, 0, 10).getTotalElements()).isZero();
    }

    private WebTestClient.BodyContentSpec refused(byte[] body, HttpStatus status) {
        return client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status).expectBody()
                .jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.message").isNotEmpty();
    }

    private WebTestClient.BodyContentSpec refused(String body) {
        return refused(body.getBytes(StandardCharsets.UTF_8), HttpStatus.BAD_REQUEST);
    }

    private static String chat(String extra) {
        return """
                {"model":"demo-tiny","user":"bad-input","messages":[{"role":"user","content":"hi"}]%s}"""
                .formatted(extra);
    }

    @Test
    void refusesMalformedJson() {
        refused("{\"model\":\"demo-tiny\",\"messages\":[").jsonPath("$.error.message")
                .value(m -> assertThat((String) m).contains("not valid JSON"));
    }

    @Test
    void refusesAWrongTypeNamingTheField() {
        refused(chat(",\"temperature\":\"hot\"")).jsonPath("$.error.param").isEqualTo("temperature");
    }

    @Test
    void refusesMessagesThatAreNotAnArray() {
        refused("{\"model\":\"demo-tiny\",\"user\":\"bad-input\",\"messages\":\"hi\"}")
                .jsonPath("$.error.param").isEqualTo("messages");
    }

    @Test
    void refusesEmptyMessages() {
        refused("{\"model\":\"demo-tiny\",\"user\":\"bad-input\",\"messages\":[]}")
                .jsonPath("$.error.param").isEqualTo("messages");
    }

    @Test
    void refusesAnUnknownRole() {
        refused("{\"model\":\"demo-tiny\",\"user\":\"bad-input\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}")
                .jsonPath("$.error.param").isEqualTo("messages[0].role")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("wizard"));
    }

    @Test
    void refusesANegativeTemperature() {
        refused(chat(",\"temperature\":-0.5")).jsonPath("$.error.param").isEqualTo("temperature");
    }

    @Test
    void refusesTopPOfZero() {
        refused(chat(",\"top_p\":0")).jsonPath("$.error.param").isEqualTo("top_p");
    }

    @Test
    void refusesTopPAboveOne() {
        refused(chat(",\"top_p\":1.5")).jsonPath("$.error.param").isEqualTo("top_p");
    }

    @Test
    void refusesMaxTokensOfZero() {
        refused(chat(",\"max_tokens\":0")).jsonPath("$.error.param").isEqualTo("max_tokens");
    }

    @Test
    void refusesMaxTokensBeyondTheContext() {
        refused(chat(",\"max_tokens\":5000")).jsonPath("$.error.param").isEqualTo("max_tokens")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("2048"));
    }

    @Test
    void refusesAPromptLongerThanTheContextStatingBothCounts() {
        String longText = "word ".repeat(3000);
        refused(chat("").replace("\"hi\"", "\"" + longText + "\""))
                .jsonPath("$.error.param").isEqualTo("messages")
                .jsonPath("$.error.code").isEqualTo("context_length_exceeded")
                .jsonPath("$.error.message").value(m -> assertThat((String) m)
                        .matches("the prompt has \\d{4,} tokens but the context limit is 2048 tokens.*"));
    }

    @Test
    void refusesABodyOverTheSizeLimitWith413() {
        String big = chat("").replace("\"hi\"", "\"" + "x".repeat(1_100_000) + "\"");
        refused(big.getBytes(StandardCharsets.UTF_8), HttpStatus.CONTENT_TOO_LARGE)
                .jsonPath("$.error.code").isEqualTo("request_too_large");
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] prefix = "{\"model\":\"demo-tiny\",\"user\":\"bad-input\",\"messages\":[{\"role\":\"user\",\"content\":\""
                .getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a lead byte followed by an invalid continuation
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        refused(body, HttpStatus.BAD_REQUEST).jsonPath("$.error.message")
                .value(m -> assertThat((String) m).contains("UTF-8"));
    }

    @Test
    void refusesMoreThanOneChoice() {
        refused(chat(",\"n\":2")).jsonPath("$.error.param").isEqualTo("n");
    }

    @Test
    void refusesAChatLogprobsThatIsNotABoolean() {
        refused(chat(",\"logprobs\":3")).jsonPath("$.error.param").isEqualTo("logprobs")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("boolean"));
    }

    @Test
    void refusesTopLogprobsWithoutLogprobs() {
        refused(chat(",\"top_logprobs\":0")).jsonPath("$.error.param").isEqualTo("top_logprobs")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("logprobs to be true"));
        refused(chat(",\"logprobs\":true,\"top_logprobs\":-1")).jsonPath("$.error.param").isEqualTo("top_logprobs");
    }

    @Test
    void refusesAStopListOfNonStrings() {
        refused(chat(",\"stop\":[1,2]")).jsonPath("$.error.param").isEqualTo("stop");
    }
}

package ai.puyu.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code logprobs} through the official OpenAI Java SDK: chat (whole and streamed) and legacy completions, their
 * shapes, their numbers under greedy sampling, and that asking for them does not change the text.
 */
class OpenAiLogprobsTests extends ApiTestBase {

    OpenAIClient client;

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey("unused").maxRetries(0).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static ChatCompletionCreateParams.Builder chat(String user) {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Tell me about logprobs")
                .maxCompletionTokens(24).temperature(0.0).user(user);
    }

    /** Checks one token's entry; returns its raw bytes. */
    private static byte[] checkEntry(ChatCompletionTokenLogprob t, int top) {
        assertThat(t.logprob()).isLessThanOrEqualTo(0);
        List<ChatCompletionTokenLogprob.TopLogprob> alternatives = t.topLogprobs();
        assertThat(alternatives).hasSize(top);
        // greedy: the chosen token is the most likely one
        assertThat(alternatives.getFirst().token()).isEqualTo(t.token());
        assertThat(alternatives.getFirst().logprob()).isEqualTo(t.logprob());
        double mass = 0;
        for (int i = 0; i < alternatives.size(); i++) {
            double lp = alternatives.get(i).logprob();
            assertThat(lp).isLessThanOrEqualTo(0);
            if (i > 0) {
                assertThat(lp).isLessThanOrEqualTo(alternatives.get(i - 1).logprob());
            }
            mass += Math.exp(lp);
        }
        assertThat(mass).isLessThanOrEqualTo(1 + 1e-9);
        byte[] bytes = bytes(t.bytes().orElseThrow());
        String text = strictUtf8(bytes);
        if (text != null) {
            assertThat(t.token()).isEqualTo(text);
        } else {
            // not complete UTF-8 on its own (a byte-fallback piece): OpenAI's \xNN escapes
            assertThat(t.token()).containsPattern("(\\\\x[0-9a-f]{2})+");
        }
        return bytes;
    }

    private static byte[] bytes(List<Long> values) {
        byte[] b = new byte[values.size()];
        for (int i = 0; i < b.length; i++) {
            assertThat(values.get(i)).isBetween(0L, 255L);
            b[i] = (byte) (long) values.get(i);
        }
        return b;
    }

    /** The text of valid UTF-8, or null. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Test
    void chatCompletionReportsEveryTokensLogprobAndTheBestAlternatives() {
        ChatCompletion plain = client.chat().completions().create(chat("lp-off").build());
        ChatCompletion c = client.chat().completions().create(chat("lp-on").logprobs(true).topLogprobs(5L).build());
        String content = c.choices().getFirst().message().content().orElse("");
        assertThat(content).isEqualTo(plain.choices().getFirst().message().content().orElse(""));
        assertThat(plain.choices().getFirst().logprobs()).isEmpty();

        List<ChatCompletionTokenLogprob> tokens = c.choices().getFirst().logprobs().orElseThrow().content().orElseThrow();
        assertThat((long) tokens.size()).isEqualTo(c.usage().orElseThrow().completionTokens()).isPositive();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ChatCompletionTokenLogprob t : tokens) {
            all.writeBytes(checkEntry(t, 5));
        }
        String joined = strictUtf8(all.toByteArray());
        if (joined != null) {
            // the tokens' bytes are the reply (decoding drops the space a reply's first piece starts with)
            assertThat(joined).isIn(content, " " + content);
        }
    }

    @Test
    void streamedChunksCarryTheLogprobsOfTheirDeltaAndAddUpToTheWholeResponse() {
        ChatCompletion whole = client.chat().completions().create(chat("lp-whole").logprobs(true).topLogprobs(3L).build());
        List<ChatCompletionTokenLogprob> expected = whole.choices().getFirst().logprobs().orElseThrow().content()
                .orElseThrow();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(chat("lp-stream").logprobs(true).topLogprobs(3L).build())) {
            stream.stream().forEach(chunks::add);
        }
        List<ChatCompletionTokenLogprob> streamed = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (ChatCompletionChunk chunk : chunks) {
            ChatCompletionChunk.Choice choice = chunk.choices().getFirst();
            List<ChatCompletionTokenLogprob> mine = choice.logprobs().flatMap(ChatCompletionChunk.Choice.Logprobs::content)
                    .orElse(List.of());
            choice.delta().content().ifPresent(text::append);
            if (choice.delta().content().filter(s -> !s.isEmpty()).isPresent()) {
                assertThat(mine).as("a delta with text has the logprobs of its tokens").isNotEmpty();
            }
            streamed.addAll(mine);
        }
        assertThat(chunks.getFirst().choices().getFirst().logprobs()).isEmpty(); // the role chunk
        assertThat(text.toString()).isEqualTo(whole.choices().getFirst().message().content().orElse(""));
        assertThat(streamed).extracting(ChatCompletionTokenLogprob::token)
                .containsExactlyElementsOf(expected.stream().map(ChatCompletionTokenLogprob::token).toList());
        assertThat(streamed).extracting(ChatCompletionTokenLogprob::logprob)
                .containsExactlyElementsOf(expected.stream().map(ChatCompletionTokenLogprob::logprob).toList());
        assertThat(streamed).allSatisfy(t -> assertThat(t.topLogprobs()).hasSize(3));
    }

    @Test
    void logprobsWithoutTopLogprobsGiveEmptyAlternativeLists() {
        ChatCompletion c = client.chat().completions().create(chat("lp-zero").maxCompletionTokens(4).logprobs(true)
                .build());
        List<ChatCompletionTokenLogprob> tokens = c.choices().getFirst().logprobs().orElseThrow().content().orElseThrow();
        assertThat(tokens).isNotEmpty().allSatisfy(t -> {
            assertThat(t.topLogprobs()).isEmpty();
            assertThat(t.logprob()).isLessThanOrEqualTo(0);
        });
    }

    @Test
    void legacyCompletionsReportTokensLogprobsTopMapsAndTextOffsets() {
        CompletionCreateParams.Builder params = CompletionCreateParams.builder().model(MODEL)
                .prompt("Once upon a time").maxTokens(12).temperature(0.0);
        Completion plain = client.completions().create(params.build());
        Completion c = client.completions().create(params.logprobs(3L).build());
        CompletionChoice choice = c.choices().getFirst();
        assertThat(choice.text()).isEqualTo(plain.choices().getFirst().text());
        CompletionChoice.Logprobs lp = choice.logprobs().orElseThrow();
        List<String> tokens = lp.tokens().orElseThrow();
        List<Double> values = lp.tokenLogprobs().orElseThrow();
        List<CompletionChoice.Logprobs.TopLogprob> tops = lp.topLogprobs().orElseThrow();
        List<Long> offsets = lp.textOffset().orElseThrow();
        int n = (int) c.usage().orElseThrow().completionTokens();
        assertThat(n).isPositive();
        assertThat(tokens).hasSize(n);
        assertThat(values).hasSize(n);
        assertThat(tops).hasSize(n);
        assertThat(offsets).hasSize(n);
        assertThat(offsets.getFirst()).isZero();
        for (int i = 0; i < n; i++) {
            assertThat(values.get(i)).isLessThanOrEqualTo(0);
            Map<String, JsonValue> top = tops.get(i)._additionalProperties();
            // the 3 best, which under greedy sampling include the chosen token (fewer when texts coincide)
            assertThat(top.size()).isBetween(1, 3);
            assertThat(top).containsKey(tokens.get(i));
            double chosen = top.get(tokens.get(i)).convert(Double.class);
            assertThat(chosen).isEqualTo(values.get(i));
            double best = top.values().stream().mapToDouble(v -> v.convert(Double.class)).max()
                    .orElseThrow();
            assertThat(chosen).isEqualTo(best);
            if (i > 0) {
                assertThat(offsets.get(i)).isGreaterThanOrEqualTo(offsets.get(i - 1));
            }
        }
    }

    @Test
    void streamedLegacyCompletionsContinueTheTextOffsets() {
        CompletionCreateParams params = CompletionCreateParams.builder().model(MODEL).prompt("Once upon a time")
                .maxTokens(12).temperature(0.0).logprobs(2L).build();
        CompletionChoice.Logprobs whole = client.completions().create(params).choices().getFirst().logprobs()
                .orElseThrow();
        List<String> tokens = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        try (StreamResponse<Completion> stream = client.completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().getFirst().logprobs().ifPresent(lp -> {
                tokens.addAll(lp.tokens().orElseThrow());
                offsets.addAll(lp.textOffset().orElseThrow());
            }));
        }
        assertThat(tokens).containsExactlyElementsOf(whole.tokens().orElseThrow());
        assertThat(offsets).containsExactlyElementsOf(whole.textOffset().orElseThrow());
    }

    @Test
    void topLogprobsWithoutLogprobsIsABadRequestLikeOpenAi() {
        assertThatThrownBy(() -> client.chat().completions().create(chat("lp-bad").topLogprobs(2L).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("top_logprobs");
        assertThatThrownBy(() -> client.chat().completions().create(chat("lp-bad").logprobs(true).topLogprobs(21L)
                .build())).isInstanceOf(BadRequestException.class).hasMessageContaining("top_logprobs");
        assertThatThrownBy(() -> client.completions().create(CompletionCreateParams.builder().model(MODEL)
                .prompt("x").logprobs(6L).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("logprobs");
    }
}

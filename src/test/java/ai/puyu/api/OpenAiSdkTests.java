package ai.puyu.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.conversation.ApiKeyService;
import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.CreatedApiKey;
import ai.puyu.conversation.Message;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The official OpenAI Java SDK against Puyu: models, whole and streamed chat completions, errors, API keys. */
class OpenAiSdkTests extends ApiTestBase {

    @Autowired
    ApiKeyService keys;

    @Autowired
    ConversationService conversations;

    CreatedApiKey key;
    OpenAIClient client;

    @BeforeEach
    void createKey() {
        key = keys.create("sdk-tests");
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey(key.plaintext()).build();
    }

    @AfterEach
    void revokeKey() {
        keys.revoke(key.apiKey().id());
        client.close();
    }

    private ChatCompletionCreateParams params(String user) {
        return ChatCompletionCreateParams.builder().model(MODEL).addSystemMessage("Be brief.")
                .addUserMessage("Hello from the SDK").maxCompletionTokens(8).temperature(0.0).user(user).build();
    }

    private Message storedReply(String owner) {
        var list = conversations.list(owner, 0, 1).getContent();
        assertThat(list).hasSize(1);
        assertThat(list.getFirst().apiKeyId()).isEqualTo(key.apiKey().id());
        return conversations.get(owner, list.getFirst().id()).messages().getLast();
    }

    @Test
    void listsTheModel() {
        List<Model> models = client.models().list().data();
        assertThat(models).extracting(Model::id).containsExactly(MODEL);
    }

    @Test
    void createsAChatCompletionRecordedWithItsKey() {
        ChatCompletion c = client.chat().completions().create(params("sdk-whole"));
        String content = c.choices().getFirst().message().content().orElse("");
        assertThat(c.choices().getFirst().finishReason().asString()).isIn("stop", "length");
        assertThat(c.usage()).isPresent();
        assertThat(c.usage().get().completionTokens()).isBetween(0L, 8L);
        assertThat(storedReply("sdk-whole").content()).isEqualTo(content);
    }

    @Test
    void streamsAChatCompletionWithTheSameGreedyTextAsTheWholeOne() {
        String whole = client.chat().completions().create(params("sdk-a")).choices().getFirst().message().content()
                .orElse("");
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params("sdk-b"))) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(ch -> ch.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo(whole);
        assertThat(chunks.getLast().choices().getFirst().finishReason()).isPresent();
        assertThat(storedReply("sdk-b").content()).isEqualTo(whole);
    }

    @Test
    void mapsAnUnknownModelToNotFoundException() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("gpt-4o");
    }

    @Test
    void mapsAnInvalidTemperatureToBadRequestException() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addUserMessage("hi").temperature(-1.0).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("temperature");
    }

    @Test
    void refusesAWrongKeyOnceAKeyExists() {
        OpenAIClient wrong = OpenAIOkHttpClient.builder().baseUrl(baseUrl())
                .apiKey("puyu-" + "x".repeat(40)).maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrong.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            wrong.close();
        }
    }
}

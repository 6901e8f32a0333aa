package ai.puyu.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.ConversationService;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** LangChain4j's OpenAI chat models (JDK HTTP client) against Puyu, blocking and streaming. */
class LangChain4jTests extends ApiTestBase {

    @Autowired
    ConversationService conversations;

    private String storedReply(String owner) {
        var list = conversations.list(owner, 0, 1).getContent();
        assertThat(list).hasSize(1);
        return conversations.get(owner, list.getFirst().id()).messages().getLast().content();
    }

    @Test
    void chatModelGetsTheStoredReply() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("none-needed-on-loopback")
                .modelName(MODEL).maxTokens(8).temperature(0.0).user("lc4j-whole")
                .httpClientBuilder(JdkHttpClient.builder()).build();
        ChatResponse response = model.chat(UserMessage.from("Hello from LangChain4j"));
        assertThat(response.tokenUsage().outputTokenCount()).isBetween(0, 8);
        assertThat(response.aiMessage().text() == null ? "" : response.aiMessage().text())
                .isEqualTo(storedReply("lc4j-whole"));
    }

    @Test
    void streamingChatModelReceivesThePartialsAndTheCompleteResponse() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(baseUrl())
                .apiKey("none-needed-on-loopback").modelName(MODEL).maxTokens(8).temperature(0.0).user("lc4j-stream")
                .httpClientBuilder(JdkHttpClient.builder()).build();
        StringBuilder partials = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("Hello from LangChain4j", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        String text = response.aiMessage().text() == null ? "" : response.aiMessage().text();
        assertThat(text).isEqualTo(partials.toString()).isEqualTo(storedReply("lc4j-stream"));
    }
}

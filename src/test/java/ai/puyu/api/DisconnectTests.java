package ai.puyu.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageStatus;
import ai.puyu.engine.Engine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/** A client that goes away mid-stream stops its generation and leaves its partial reply stored as stopped. */
class DisconnectTests extends ApiTestBase {

    @Autowired
    Engine engine;

    @Autowired
    ConversationService conversations;

    @Test
    void cancellingTheStreamStopsGenerationAndStoresThePartialReply() throws Exception {
        List<String> firstEvents = WebClient.create(baseUrl()).post().uri("/chat/completions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"model":"demo-tiny","user":"disconnect","messages":[{"role":"user","content":"go on"}],
                         "max_tokens":2000,"temperature":1.0,"seed":7,"stream":true}""")
                .retrieve().bodyToFlux(String.class)
                .take(4) // the role chunk and three content chunks, then cancel (the connection closes)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(firstEvents).hasSize(4).noneMatch(e -> e.contains("[DONE]"));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((engine.metrics().running() > 0 || engine.metrics().waiting() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engine.metrics().running()).isZero();

        Message reply = null;
        while (System.nanoTime() < deadline + Duration.ofSeconds(5).toNanos()) {
            var list = conversations.list("disconnect", 0, 1).getContent();
            if (!list.isEmpty()) {
                Message last = conversations.get("disconnect", list.getFirst().id()).messages().getLast();
                if (last.status() != MessageStatus.STREAMING) {
                    reply = last;
                    break;
                }
            }
            Thread.sleep(20);
        }
        assertThat(reply).isNotNull();
        assertThat(reply.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(reply.stats().completionTokens()).isGreaterThanOrEqualTo(3).isLessThan(2000);
        assertThat(reply.content()).isNotEmpty();
    }
}

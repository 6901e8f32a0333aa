package ai.puyu.api;

import ai.puyu.api.ConversationViews.ConversationDetail;
import ai.puyu.api.ConversationViews.ConversationPage;
import ai.puyu.api.ConversationViews.ConversationView;
import ai.puyu.api.ConversationViews.MessageView;
import ai.puyu.chat.ChatEvent;
import ai.puyu.chat.ChatService;
import ai.puyu.chat.ChatStream;
import ai.puyu.conversation.ConversationNotFoundException;
import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.ConversationSettings;
import ai.puyu.conversation.MessageStateException;
import ai.puyu.conversation.NewConversation;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The conversation API of the chat page: conversations of the browser's visitor ({@link VisitorFilter}), replies
 * streamed as SSE events {@code token} ({@code {"text"}}), {@code done} (the stored reply) and {@code error}.
 */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    /** The largest page size. */
    static final int MAX_PAGE_SIZE = 100;

    private final ChatService chat;
    private final ConversationService conversations;
    private final ObjectMapper json;
    private final OpenAiRequestParser parser;
    private final ApiProperties properties;

    ConversationController(ChatService chat, ConversationService conversations, ObjectMapper json,
                           ApiProperties properties) {
        this.chat = chat;
        this.conversations = conversations;
        this.json = json;
        this.parser = new OpenAiRequestParser(json);
        this.properties = properties;
    }

    @PostMapping
    Mono<ResponseEntity<Object>> create(ServerWebExchange exchange) {
        String owner = VisitorFilter.owner(exchange);
        return body(exchange).flatMap(body -> {
            String title = ConversationRequests.title(body);
            ConversationSettings settings = ConversationRequests.settings(body, chat.maxContext());
            return blocking(() -> ConversationView.of(conversations.create(owner, new NewConversation(title, null,
                    chat.modelName(), null, settings))));
        }).map(v -> ResponseEntity.status(HttpStatus.CREATED).<Object>body(v)).onErrorResume(e -> Mono.just(error(e)));
    }

    @GetMapping
    Mono<ResponseEntity<Object>> list(ServerWebExchange exchange, @RequestParam(defaultValue = "0") String page,
                                      @RequestParam(defaultValue = "20") String size) {
        String owner = VisitorFilter.owner(exchange);
        return Mono.fromCallable(() -> {
            int p = intParam("page", page, 0, Integer.MAX_VALUE);
            int s = intParam("size", size, 1, MAX_PAGE_SIZE);
            return new int[] {p, s};
        }).flatMap(ps -> blocking(() -> {
            var result = conversations.list(owner, ps[0], ps[1]);
            return (Object) new ConversationPage(result.getContent().stream().map(ConversationView::of).toList(),
                    ps[0], ps[1], result.getTotalElements());
        })).map(ResponseEntity::ok).onErrorResume(e -> Mono.just(error(e)));
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<Object>> get(ServerWebExchange exchange, @PathVariable long id) {
        String owner = VisitorFilter.owner(exchange);
        return blocking(() -> (Object) ConversationDetail.of(conversations.get(owner, id)))
                .map(ResponseEntity::ok).onErrorResume(e -> Mono.just(error(e)));
    }

    @PatchMapping("/{id}")
    Mono<ResponseEntity<Object>> update(ServerWebExchange exchange, @PathVariable long id) {
        String owner = VisitorFilter.owner(exchange);
        return body(exchange).flatMap(body -> {
            String title = ConversationRequests.title(body);
            ConversationSettings given = ConversationRequests.settings(body, chat.maxContext());
            return blocking(() -> {
                var current = conversations.get(owner, id).conversation();
                if (title != null) {
                    current = conversations.rename(owner, id, title);
                }
                if (ConversationRequests.hasSettings(body)) {
                    ConversationSettings old = current.settings() == null ? ConversationSettings.DEFAULTS
                            : current.settings();
                    current = conversations.updateSettings(owner, id, new ConversationSettings(
                            body.has("systemPrompt") ? given.systemPrompt() : old.systemPrompt(),
                            body.has("maxNewTokens") ? given.maxNewTokens() : old.maxNewTokens(),
                            body.has("temperature") ? given.temperature() : old.temperature(),
                            body.has("topP") ? given.topP() : old.topP()));
                }
                return (Object) ConversationView.of(current);
            });
        }).map(ResponseEntity::ok).onErrorResume(e -> Mono.just(error(e)));
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Object>> delete(ServerWebExchange exchange, @PathVariable long id) {
        String owner = VisitorFilter.owner(exchange);
        return blocking(() -> {
            conversations.delete(owner, id);
            return true;
        }).map(ok -> ResponseEntity.noContent().build()).onErrorResume(e -> Mono.just(error(e)));
    }

    /** Clear Chat History: deletes the conversation's messages, keeps the conversation; 409 while a reply streams. */
    @DeleteMapping("/{id}/messages")
    Mono<ResponseEntity<Object>> clear(ServerWebExchange exchange, @PathVariable long id) {
        String owner = VisitorFilter.owner(exchange);
        return blocking(() -> conversations.clearMessages(owner, id))
                .map(n -> ResponseEntity.noContent().build()).onErrorResume(e -> Mono.just(error(e)));
    }

    @PostMapping("/{id}/messages")
    Mono<ResponseEntity<Object>> send(ServerWebExchange exchange, @PathVariable long id) {
        String owner = VisitorFilter.owner(exchange);
        return body(exchange).flatMap(body -> {
            String content = ConversationRequests.content(body);
            ConversationSettings overrides = ConversationRequests.settings(body, chat.maxContext());
            return chat.startInConversation(owner, id, content, overrides, ConversationRequests.seed(body), false);
        }).map(stream -> sse(owner, stream)).onErrorResume(e -> Mono.just(error(e)));
    }

    @PostMapping("/{id}/regenerate")
    Mono<ResponseEntity<Object>> regenerate(ServerWebExchange exchange, @PathVariable long id) {
        String owner = VisitorFilter.owner(exchange);
        return body(exchange).flatMap(body -> {
            ConversationSettings overrides = ConversationRequests.settings(body, chat.maxContext());
            return chat.startInConversation(owner, id, null, overrides, ConversationRequests.seed(body), true);
        }).map(stream -> sse(owner, stream)).onErrorResume(e -> Mono.just(error(e)));
    }

    @PostMapping("/{id}/stop")
    Mono<ResponseEntity<Object>> stop(ServerWebExchange exchange, @PathVariable long id) {
        String owner = VisitorFilter.owner(exchange);
        return chat.stop(owner, id).map(stopped -> ResponseEntity.ok().<Object>body(Map.of("stopped", stopped)))
                .onErrorResume(e -> Mono.just(error(e)));
    }

    private ResponseEntity<Object> sse(String owner, ChatStream stream) {
        Flux<ServerSentEvent<String>> events = stream.events().concatMap(event -> switch (event) {
            case ChatEvent.Delta d -> Mono.just(event("token", Map.of("text", d.text())));
            case ChatEvent.Done done -> blocking(() -> conversations.get(owner, done.conversationId()).messages()
                    .stream().filter(m -> m.id() == done.messageId()).findFirst().map(MessageView::of)
                    .orElseThrow(() -> new IllegalStateException("reply " + done.messageId() + " is gone")))
                    .map(m -> event("done", m));
        }).onErrorResume(e -> Mono.just(event("error", Map.of("message", String.valueOf(e.getMessage())))));
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").body(events);
    }

    private ServerSentEvent<String> event(String name, Object data) {
        return ServerSentEvent.builder(json.writeValueAsString(data)).event(name).build();
    }

    private Mono<JsonNode> body(ServerWebExchange exchange) {
        return DataBufferUtils.join(exchange.getRequest().getBody(), properties.maxRequestBytes())
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty("{}".getBytes())
                .map(bytes -> parser.body(bytes.length == 0 ? "{}".getBytes() : bytes));
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static int intParam(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be an integer, not '" + value + "'");
        }
        if (n < min || n > max) {
            throw ApiException.invalid(name, name + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    private static ResponseEntity<Object> error(Throwable e) {
        return switch (e) {
            case ConversationNotFoundException n -> OpenAiController.error(new ApiException(HttpStatus.NOT_FOUND,
                    "invalid_request_error", "id", "conversation_not_found", n.getMessage(), null));
            case MessageStateException s -> OpenAiController.error(new ApiException(HttpStatus.CONFLICT,
                    "invalid_request_error", null, "conversation_busy", s.getMessage(), null));
            case IllegalArgumentException i -> OpenAiController.error(ApiException.invalid(null, i.getMessage()));
            default -> OpenAiController.error(e);
        };
    }
}

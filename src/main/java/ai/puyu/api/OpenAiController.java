package ai.puyu.api;

import ai.puyu.chat.ChatEvent;
import ai.puyu.chat.ChatGenerationException;
import ai.puyu.chat.ChatRequest;
import ai.puyu.chat.ChatService;
import ai.puyu.chat.ChatStream;
import ai.puyu.chat.InvalidChatRequestException;
import ai.puyu.chat.TokenLogprob;
import ai.puyu.engine.scheduler.FinishReason;
import ai.puyu.engine.scheduler.QueueFullException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The OpenAI-compatible API: models, chat completions and completions, streamed as SSE or whole. */
@RestController
@RequestMapping("/v1")
class OpenAiController {

    private static final Logger log = LoggerFactory.getLogger(OpenAiController.class);

    private final ChatService chat;
    private final ObjectMapper json;
    private final OpenAiRequestParser parser;
    private final ApiProperties properties;
    private final long created = Instant.now().getEpochSecond();

    OpenAiController(ChatService chat, ObjectMapper json, ApiProperties properties) {
        this.chat = chat;
        this.json = json;
        this.parser = new OpenAiRequestParser(json);
        this.properties = properties;
    }

    @GetMapping("/models")
    Map<String, Object> models() {
        return OpenAiShapes.models(chat.modelName(), created);
    }

    @GetMapping("/models/{id}")
    ResponseEntity<Object> model(@PathVariable String id) {
        if (!id.equals(chat.modelName())) {
            return error(unknownModel(id));
        }
        return ResponseEntity.ok(OpenAiShapes.model(id, created));
    }

    @PostMapping("/chat/completions")
    Mono<ResponseEntity<Object>> chatCompletions(ServerWebExchange exchange) {
        return complete(exchange, OpenAiEndpoint.CHAT);
    }

    @PostMapping("/completions")
    Mono<ResponseEntity<Object>> completions(ServerWebExchange exchange) {
        return complete(exchange, OpenAiEndpoint.COMPLETION);
    }

    /** Both completion endpoints: read, validate, store, generate, answer whole or as SSE. */
    private Mono<ResponseEntity<Object>> complete(ServerWebExchange exchange, OpenAiEndpoint endpoint) {
        return body(exchange).flatMap(body -> {
            OpenAiRequestParser.Common common = parser.common(body, endpoint.chat());
            ChatRequest request = endpoint.request(parser, body, common.options(), owner(exchange, common),
                    ApiKeyFilter.apiKeyId(exchange));
            checkModel(common.model());
            String id = endpoint.idPrefix() + randomId();
            long now = Instant.now().getEpochSecond();
            return chat.start(chat.prepare(request)).flatMap(stream -> common.stream()
                    ? Mono.just(sse(chunks(endpoint, id, now, stream, common.includeUsage())))
                    : done(stream).map(d -> ResponseEntity.ok().<Object>body(endpoint.whole(id, now, chat.modelName(),
                            d))));
        }).onErrorResume(e -> Mono.just(error(e)));
    }

    /** The end of a reply, for a whole (non-streamed) response. */
    private static Mono<ChatEvent.Done> done(ChatStream stream) {
        return stream.events().ofType(ChatEvent.Done.class).last()
                .onErrorMap(ChatGenerationException.class, e -> new ApiException(HttpStatus.INTERNAL_SERVER_ERROR,
                        "server_error", null, "generation_failed", e.getMessage(), null));
    }

    /**
     * The SSE data of a streamed reply: the endpoint's head, one chunk per delta (with the log-probabilities of its
     * tokens), the last chunk with the finish reason (and the log-probabilities not yet sent), the usage chunk when
     * asked for; an error after the start becomes a last error event.
     */
    private Flux<String> chunks(OpenAiEndpoint endpoint, String id, long now, ChatStream stream,
                                boolean includeUsage) {
        String model = chat.modelName();
        int[] sent = new int[2]; // tokens whose log-probabilities were sent, and their characters (text_offset)
        Flux<String> head = Flux.fromIterable(endpoint.head(id, now, model, includeUsage)).map(this::write);
        Flux<String> rest = stream.events().concatMap(event -> switch (event) {
            case ChatEvent.Delta d -> {
                String chunk = write(endpoint.chunk(id, now, model, d.text(), d.logprobs(), sent[1], null,
                        includeUsage));
                advance(sent, d.logprobs());
                yield Flux.just(chunk);
            }
            case ChatEvent.Done done -> {
                // the tokens whose text never made a delta (held back, or cut by a stop string); null if none
                List<TokenLogprob> tail = done.logprobs() == null || sent[0] >= done.logprobs().size() ? null
                        : done.logprobs().subList(sent[0], done.logprobs().size());
                String last = write(endpoint.chunk(id, now, model, null, tail, sent[1],
                        finishReason(done.reason()), includeUsage));
                yield includeUsage
                        ? Flux.just(last, write(OpenAiShapes.usageChunk(id, endpoint.chunkObject(), now, model,
                                done.usage())))
                        : Flux.just(last);
            }
        });
        return head.concatWith(rest).onErrorResume(e -> Flux.just(write(streamError(e).envelope())));
    }

    private static void advance(int[] sent, List<TokenLogprob> logprobs) {
        if (logprobs != null) {
            sent[0] += logprobs.size();
            sent[1] += OpenAiLogprobs.characters(logprobs);
        }
    }

    private Mono<JsonNode> body(ServerWebExchange exchange) {
        return DataBufferUtils.join(exchange.getRequest().getBody(), properties.maxRequestBytes())
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(parser::body);
    }

    private static String randomId() {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void checkModel(String model) {
        if (!model.equals(chat.modelName())) {
            throw unknownModel(model);
        }
    }

    private ApiException unknownModel(String model) {
        return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "model", "model_not_found",
                "The model '" + model + "' does not exist; this server serves '" + chat.modelName() + "'", null);
    }

    private static String owner(ServerWebExchange exchange, OpenAiRequestParser.Common common) {
        if (common.user() != null && !common.user().isBlank()) {
            return common.user().length() > 200 ? common.user().substring(0, 200) : common.user();
        }
        Long key = ApiKeyFilter.apiKeyId(exchange);
        return key != null ? "api-key-" + key : "local";
    }

    private ResponseEntity<Object> sse(Flux<String> data) {
        Flux<ServerSentEvent<String>> events = data.concatWithValues("[DONE]")
                // a leading space: Spring writes "data:" + text, OpenAI sends "data: " + JSON
                .map(s -> ServerSentEvent.builder(" " + s).build());
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").body(events);
    }

    static String finishReason(FinishReason reason) {
        return reason == FinishReason.LENGTH ? "length" : "stop";
    }

    private String write(Object value) {
        return json.writeValueAsString(value);
    }

    /** Maps a failure before the response started to its status and OpenAI envelope. */
    static ApiException apiException(Throwable e) {
        return switch (e) {
            case ApiException a -> a;
            case InvalidChatRequestException i -> new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error",
                    i.param(), i.code(), i.getMessage(), null);
            case QueueFullException q -> new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", null,
                    "queue_full", q.getMessage(), q.retryAfterSeconds());
            case DataBufferLimitException l -> new ApiException(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error",
                    null, "request_too_large", "the request body is larger than the limit of "
                    + l.getMessage().replaceAll("\\D+", " ").trim().split(" ")[0] + " bytes", null);
            case IllegalStateException s when String.valueOf(s.getMessage()).contains("shut down") ->
                    new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", null, "model_unavailable",
                            "the model is not available: " + s.getMessage(), null);
            default -> {
                log.error("request failed", e);
                yield new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", null, null,
                        "internal error: " + e.getMessage(), null);
            }
        };
    }

    private static ApiException streamError(Throwable e) {
        if (e instanceof ChatGenerationException) {
            return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", null, "generation_failed",
                    e.getMessage(), null);
        }
        return apiException(e);
    }

    static ResponseEntity<Object> error(Throwable e) {
        ApiException a = apiException(e);
        ResponseEntity.BodyBuilder b = ResponseEntity.status(a.status()).contentType(MediaType.APPLICATION_JSON);
        if (a.retryAfterSeconds() != null) {
            b.header(HttpHeaders.RETRY_AFTER, Integer.toString(a.retryAfterSeconds()));
        }
        return b.body(a.envelope());
    }
}

package ai.puyu.api;

import ai.puyu.conversation.ApiKey;
import ai.puyu.conversation.ApiKeyService;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;

/**
 * Authenticates {@code /v1} with {@code Authorization: Bearer <key>} against the stored key hashes. While no key
 * is active, only loopback clients are served (whatever placeholder key they send).
 */
@Component
class ApiKeyFilter implements WebFilter {

    /** The exchange attribute holding the authenticated key's id. */
    static final String API_KEY_ID = ApiKeyFilter.class.getName() + ".apiKeyId";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeyService keys;
    private final ObjectMapper json;

    ApiKeyFilter(ApiKeyService keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /** The id of the key that authenticated this request, or null (loopback without keys). */
    static Long apiKeyId(ServerWebExchange exchange) {
        return exchange.getAttribute(API_KEY_ID);
    }

    @EventListener(ApplicationReadyEvent.class)
    void logMode() {
        if (!keys.hasAnyActiveKey()) {
            log.warn("No API key exists yet: /v1 accepts requests from this machine (loopback) only."
                    + " Create one with: ./puyu api-key create NAME");
        } else {
            log.info("/v1 requires an API key (Authorization: Bearer ...)");
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals("/v1") && !path.startsWith("/v1/")) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return refuse(exchange, "the Authorization header must be 'Bearer <API key>'");
            }
            String presented = header.substring(7).trim();
            return Mono.fromCallable(() -> keys.authenticate(presented))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap((Optional<ApiKey> key) -> {
                        if (key.isPresent()) {
                            exchange.getAttributes().put(API_KEY_ID, key.get().id());
                            return chain.filter(exchange);
                        }
                        // clients always send some key: without keys, a loopback client's placeholder is fine
                        return withoutKey(exchange, chain, "Incorrect API key provided");
                    });
        }
        return withoutKey(exchange, chain,
                "You didn't provide an API key: send 'Authorization: Bearer <API key>'");
    }

    private Mono<Void> withoutKey(ServerWebExchange exchange, WebFilterChain chain, String refusal) {
        return Mono.fromCallable(keys::hasAnyActiveKey)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(anyKey -> {
                    if (anyKey) {
                        return refuse(exchange, refusal);
                    }
                    if (!loopback(exchange)) {
                        return refuse(exchange, "No API key exists yet, so only local clients are served;"
                                + " create a key with ./puyu api-key create NAME");
                    }
                    return chain.filter(exchange);
                });
    }

    private static boolean loopback(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String message) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        byte[] body = json.writeValueAsBytes(ErrorEnvelope.of(message, "invalid_request_error", null,
                "invalid_api_key"));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}

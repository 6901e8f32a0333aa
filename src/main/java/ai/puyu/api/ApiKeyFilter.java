package ai.puyu.api;

import ai.puyu.conversation.ApiKey;
import ai.puyu.conversation.ApiKeyService;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;

/**
 * Authenticates {@code /v1} with {@code Authorization: Bearer <key>} against the stored key hashes, inside the
 * Spring Security chain of {@code /v1} (no session, no CSRF). While no key is active, only loopback clients are
 * served (whatever placeholder key they send). Refusals are 401 in OpenAI's error envelope. Not a bean: the
 * security configuration puts it in its chain.
 */
public final class ApiKeyFilter extends AuthenticationWebFilter {

    /** The exchange attribute holding the authenticated key's id. */
    static final String API_KEY_ID = ApiKeyFilter.class.getName() + ".apiKeyId";

    static final String NO_KEY_SENT = "You didn't provide an API key: send 'Authorization: Bearer <API key>'";
    static final String WRONG_KEY = "Incorrect API key provided";
    static final String NOT_BEARER = "the Authorization header must be 'Bearer <API key>'";
    static final String LOOPBACK_ONLY = "No API key exists yet, so only local clients are served; an administrator"
            + " creates one on the page /admin/keys (or with ./puyu api-key create NAME while the server is stopped)";

    private final ObjectMapper json;

    public ApiKeyFilter(ApiKeyService keys, ObjectMapper json) {
        super((Authentication request) -> Mono.fromCallable(() -> check(keys, (Presented) request))
                .subscribeOn(Schedulers.boundedElastic()));
        this.json = json;
        setServerAuthenticationConverter(ApiKeyFilter::presented);
        setAuthenticationFailureHandler((exchange, e) -> refuse(exchange.getExchange(), e.getMessage()));
        setAuthenticationSuccessHandler((exchange, authentication) -> {
            if (authentication instanceof ApiClient client && client.keyId != null) {
                exchange.getExchange().getAttributes().put(API_KEY_ID, client.keyId);
            }
            return exchange.getChain().filter(exchange.getExchange());
        });
    }

    /** The id of the key that authenticated this request, or null (loopback without keys). */
    static Long apiKeyId(ServerWebExchange exchange) {
        return exchange.getAttribute(API_KEY_ID);
    }

    /** What an unauthenticated {@code /v1} request gets should one get past this filter: 401. */
    public ServerAuthenticationEntryPoint entryPoint() {
        return (exchange, e) -> refuse(exchange, NO_KEY_SENT);
    }

    private static Mono<Authentication> presented(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null && !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.error(new BadCredentialsException(NOT_BEARER));
        }
        String key = header == null ? null : header.substring(7).trim();
        return Mono.just(new Presented(key, loopback(exchange)));
    }

    private static Authentication check(ApiKeyService keys, Presented presented) {
        if (presented.key != null) {
            Optional<ApiKey> key = keys.authenticate(presented.key);
            if (key.isPresent()) {
                return new ApiClient(key.get().id(), "api-key:" + key.get().id());
            }
        }
        // clients always send some key: without keys, a loopback client's placeholder is fine
        if (keys.hasAnyActiveKey()) {
            throw new BadCredentialsException(presented.key == null ? NO_KEY_SENT : WRONG_KEY);
        }
        if (!presented.loopback) {
            throw new BadCredentialsException(LOOPBACK_ONLY);
        }
        return new ApiClient(null, "loopback");
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

    /** What the client sent: the key (null when no header) and whether it connects from this machine. */
    private static final class Presented extends AbstractAuthenticationToken {
        private final String key;
        private final boolean loopback;

        Presented(String key, boolean loopback) {
            super(List.of());
            this.key = key;
            this.loopback = loopback;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return null;
        }
    }

    /** An authenticated {@code /v1} client: a key's id, or null for a loopback client while no key exists. */
    private static final class ApiClient extends AbstractAuthenticationToken {
        private final Long keyId;
        private final String name;

        ApiClient(Long keyId, String name) {
            super(List.of(new SimpleGrantedAuthority("ROLE_API_CLIENT")));
            this.keyId = keyId;
            this.name = name;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return name;
        }
    }
}

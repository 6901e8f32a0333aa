package ai.puyu.security;

import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes {@code Content-Security-Policy}: {@code puyu.security.content-security-policy} everywhere, except that
 * Swagger UI ({@code /swagger-ui/**}), which injects a style element of its own, may also use inline styles there
 * (never inline scripts).
 */
final class ContentSecurityPolicyWriter implements ServerHttpHeadersWriter {

    static final String HEADER = "Content-Security-Policy";

    private final String policy;
    private final String swaggerPolicy;

    ContentSecurityPolicyWriter(String policy) {
        this.policy = policy;
        this.swaggerPolicy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    }

    @Override
    public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        var headers = exchange.getResponse().getHeaders();
        if (!headers.containsHeader(HEADER)) {
            headers.set(HEADER, path.startsWith("/swagger-ui") ? swaggerPolicy : policy);
        }
        return Mono.empty();
    }
}

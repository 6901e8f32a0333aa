package ai.puyu.api;

import ai.puyu.audit.AuditLog;
import ai.puyu.security.SignedInUser;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Decides who owns the {@code /api} conversations of a request. A signed-in person owns them as
 * {@code user:<username>}; an anonymous browser gets an identity of its own, the {@value #COOKIE} cookie (random,
 * HttpOnly, SameSite=Lax, Secure over https), set on the first request that lacks a valid one, and owns them as
 * {@code visitor:<value>}. Runs after the security chain, so the signed-in person is known.
 */
@Component
class VisitorFilter implements WebFilter {

    /** The cookie's name. */
    static final String COOKIE = "puyu_visitor";
    /** The exchange attribute holding the owner name. */
    static final String OWNER = VisitorFilter.class.getName() + ".owner";

    private static final Pattern VALID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The owner of this request's conversations. */
    static String owner(ServerWebExchange exchange) {
        String owner = exchange.getAttribute(OWNER);
        if (owner == null) {
            throw new IllegalStateException("no visitor identity on " + exchange.getRequest().getPath());
        }
        return owner;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .flatMap(principal -> Mono.justOrEmpty(principal instanceof Authentication a
                        ? SignedInUser.of(a).map(user -> AuditLog.user(user.username())) : Optional.<String>empty()))
                .switchIfEmpty(Mono.fromSupplier(() -> visitor(exchange)))
                .flatMap(owner -> {
                    exchange.getAttributes().put(OWNER, owner);
                    return chain.filter(exchange);
                });
    }

    private static String visitor(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
        String value = cookie == null ? null : cookie.getValue();
        if (value == null || !VALID.matcher(value).matches()) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            value = HexFormat.of().formatHex(bytes);
            boolean https = exchange.getRequest().getSslInfo() != null
                    || "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme());
            exchange.getResponse().addCookie(ResponseCookie.from(COOKIE, value).httpOnly(true).sameSite("Lax")
                    .secure(https).path("/").maxAge(Duration.ofDays(400)).build());
        }
        return "visitor:" + value;
    }
}

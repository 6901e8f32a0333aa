package ai.puyu.api;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives each browser an identity for {@code /api}: the {@value #COOKIE} cookie (random, HttpOnly, SameSite=Lax,
 * Secure over https), set on the first request that lacks a valid one; the owner is {@code visitor:<value>}.
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
        exchange.getAttributes().put(OWNER, "visitor:" + value);
        return chain.filter(exchange);
    }
}

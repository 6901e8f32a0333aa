package ai.puyu.security;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Resolves the (lazy) CSRF token on every request of the web chain, so that the {@code XSRF-TOKEN} cookie is written
 * on the first page a browser loads and the page's scripts can send it back as {@code X-XSRF-TOKEN}. Part of the
 * security chain only: deliberately not a bean (Spring would also add a WebFilter bean to every request).
 */
final class CsrfCookieFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return (token == null ? Mono.<CsrfToken>empty() : token).then(chain.filter(exchange));
    }
}

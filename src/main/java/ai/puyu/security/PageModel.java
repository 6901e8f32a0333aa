package ai.puyu.security;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What a page's template needs to know about security, by model attribute name:
 * <ul>
 *   <li>{@code _csrf}: the CSRF token, for {@code <input type="hidden" th:name="${_csrf.parameterName}"
 *       th:value="${_csrf.token}">}; it is also put where Spring Security's request data value processor finds it,
 *       so that {@code th:action} forms get the hidden field by themselves;</li>
 *   <li>{@code currentUser}: the signed-in {@link SignedInUser} (username, role), absent for anonymous visitors;</li>
 *   <li>{@code mayReview}: whether they may use the review pages (REVIEWER or ADMIN), and {@code isAdmin}: whether
 *       they are an ADMIN, so that pages show only the links and buttons the access rules let them use (the Spring
 *       Security dialect's {@code sec:authorize="hasRole(...)"} does not work under WebFlux).</li>
 * </ul>
 * The role is the one {@link SessionSecurityContextRepository} read from the database for this request. Every
 * controller's views get these through {@link SecurityModelAttributes}; an exception handler, whose model starts
 * empty, adds {@link #attributes} itself.
 */
public final class PageModel {

    private PageModel() {
    }

    /** All of the attributes above for this exchange. */
    public static Mono<Map<String, Object>> attributes(ServerWebExchange exchange) {
        Map<String, Object> model = new HashMap<>();
        return csrfToken(exchange).doOnNext(token -> model.put("_csrf", token))
                .then(signedIn(exchange)).doOnNext(user -> model.put("currentUser", user))
                .then(Mono.fromSupplier(() -> {
                    SignedInUser user = (SignedInUser) model.get("currentUser");
                    model.put("mayReview", mayReview(user));
                    model.put("isAdmin", isAdmin(user));
                    return model;
                }));
    }

    /** The CSRF token of this exchange, also registered for {@code th:action} forms; empty where there is none. */
    static Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        if (token == null) {
            return Mono.empty();
        }
        return token.doOnSuccess(t -> {
            if (t != null) {
                exchange.getAttributes().put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, t);
            }
        });
    }

    /** The signed-in person, or empty. */
    static Mono<SignedInUser> signedIn(ServerWebExchange exchange) {
        return exchange.getPrincipal().flatMap(p -> Mono.justOrEmpty(
                p instanceof Authentication a ? SignedInUser.of(a) : Optional.empty()));
    }

    static boolean mayReview(SignedInUser user) {
        return user != null && (user.role() == UserRole.REVIEWER || user.role() == UserRole.ADMIN);
    }

    static boolean isAdmin(SignedInUser user) {
        return user != null && user.role() == UserRole.ADMIN;
    }
}

package ai.puyu.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives every Thymeleaf view what its forms and navigation need:
 * <ul>
 *   <li>{@code _csrf}: the CSRF token, for {@code <input type="hidden" th:name="${_csrf.parameterName}"
 *       th:value="${_csrf.token}">}; it is also put where Spring Security's request data value processor finds it,
 *       so that {@code th:action} forms get the hidden field by themselves;</li>
 *   <li>{@code currentUser}: the signed-in {@link SignedInUser} (username, role), absent for anonymous visitors.</li>
 * </ul>
 */
@ControllerAdvice
class SecurityModelAttributes {

    @ModelAttribute("_csrf")
    Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
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

    @ModelAttribute("currentUser")
    Mono<SignedInUser> currentUser(ServerWebExchange exchange) {
        return exchange.getPrincipal().flatMap(p -> Mono.justOrEmpty(
                p instanceof Authentication a ? SignedInUser.of(a) : java.util.Optional.empty()));
    }
}

package ai.puyu.security;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Gives every Thymeleaf view the {@link PageModel} attributes: {@code _csrf}, {@code currentUser}, {@code mayReview}, {@code isAdmin}. */
@ControllerAdvice
class SecurityModelAttributes {

    @ModelAttribute("_csrf")
    Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
        return PageModel.csrfToken(exchange);
    }

    @ModelAttribute("currentUser")
    Mono<SignedInUser> currentUser(ServerWebExchange exchange) {
        return PageModel.signedIn(exchange);
    }

    @ModelAttribute("mayReview")
    Mono<Boolean> mayReview(ServerWebExchange exchange) {
        return PageModel.signedIn(exchange).map(PageModel::mayReview).defaultIfEmpty(false);
    }

    @ModelAttribute("isAdmin")
    Mono<Boolean> isAdmin(ServerWebExchange exchange) {
        return PageModel.signedIn(exchange).map(PageModel::isAdmin).defaultIfEmpty(false);
    }
}

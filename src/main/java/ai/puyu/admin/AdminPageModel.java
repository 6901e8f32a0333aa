package ai.puyu.admin;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** What every admin page's layout needs: who is signed in ({@code actor}) and the formatting helpers ({@code fmt}). */
@ControllerAdvice(assignableTypes = AdminPage.class)
class AdminPageModel {

    private static final AdminFormat FORMAT = new AdminFormat();

    @ModelAttribute("actor")
    Mono<String> actor(ServerWebExchange exchange) {
        return Actor.of(exchange);
    }

    @ModelAttribute("fmt")
    AdminFormat fmt() {
        return FORMAT;
    }
}

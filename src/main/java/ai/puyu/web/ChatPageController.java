package ai.puyu.web;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The chat page: {@code /} opens a new chat, {@code /c/{id}} reopens a stored conversation (its messages come from
 * the conversation API, which checks that it is the visitor's). The page runs no inline script, so the
 * Content-Security-Policy that the security chain sends with every page ({@code puyu.security.content-security-policy},
 * scripts from this server only) keeps text that slips into the page from running.
 */
@Controller
class ChatPageController {

    private final ModelFacts facts;

    ChatPageController(ModelFacts facts) {
        this.facts = facts;
    }

    @GetMapping("/")
    Mono<String> newChat(ServerWebExchange exchange, Model model) {
        return page(exchange, model, null);
    }

    @GetMapping("/c/{id:[0-9]{1,18}}")
    Mono<String> conversation(ServerWebExchange exchange, Model model, @PathVariable long id) {
        return page(exchange, model, id);
    }

    private Mono<String> page(ServerWebExchange exchange, Model model, Long conversationId) {
        return exchange.getPrincipal().filter(ChatPageController::signedIn).map(Principal::getName)
                .defaultIfEmpty("").map(user -> {
                    model.addAttribute("page", facts.page());
                    model.addAttribute("conversationId", conversationId);
                    model.addAttribute("currentUser", user.isEmpty() ? null : user);
                    return "chat";
                });
    }

    /** Spring Security's stand-in for nobody (AnonymousAuthenticationToken, when enabled) is not a user. */
    private static boolean signedIn(Principal principal) {
        return !principal.getClass().getSimpleName().equals("AnonymousAuthenticationToken");
    }
}

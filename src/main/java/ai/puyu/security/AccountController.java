package ai.puyu.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /account} (any signed-in user): who you are, and a form to change your own password (the current one is
 * required; your other sessions end, this one stays signed in).
 */
@Controller
@RequestMapping("/account")
class AccountController {

    private final UserAccounts accounts;
    private final SessionSecurityContextRepository sessions;

    AccountController(UserAccounts accounts, SessionSecurityContextRepository sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @GetMapping
    Mono<Rendering> account(@AuthenticationPrincipal SignedInUser me, @RequestParam(required = false) String done) {
        return Mono.just(page(HttpStatus.OK, me, done != null ? "Your password was changed." : "", ""));
    }

    @PostMapping("/password")
    Mono<Rendering> changePassword(@AuthenticationPrincipal SignedInUser me, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String current = form.getFirst("currentPassword");
            String next = form.getFirst("newPassword");
            String again = form.getFirst("confirmPassword");
            if (next == null || !next.equals(again)) {
                return Mono.just(page(HttpStatus.BAD_REQUEST, me, "", "The new password and its repetition differ."));
            }
            return Mono.fromCallable(() -> accounts.changeOwnPassword(me.id(), current, next))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(user -> sessions.save(exchange, new SecurityContextImpl(
                            SignedInUser.of(user).authentication())))
                    .then(Mono.just(Rendering.redirectTo("/account?done=password").build()))
                    .onErrorResume(InvalidUserException.class, e -> Mono.just(
                            page(HttpStatus.BAD_REQUEST, me, "", e.getMessage())));
        });
    }

    private static Rendering page(HttpStatus status, SignedInUser me, String notice, String error) {
        return Rendering.view("account").status(status).modelAttribute("me", me)
                .modelAttribute("notice", notice).modelAttribute("error", error)
                .modelAttribute("minPassword", UserAccounts.MIN_PASSWORD).build();
    }
}

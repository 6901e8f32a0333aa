package ai.puyu.security;

import ai.puyu.audit.AuditLog;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * After a form sign-in: success is written to the audit log ({@link AuditLog#SIGN_IN}) and goes back to the page
 * that asked for it (else {@code /}); a failure goes back to {@code /login?error} (or {@code ?disabled}), and is
 * audited when the username exists (actor {@code anonymous}, target the account), so that guessing at real
 * accounts shows; guesses at unknown names are only logged.
 */
final class SignInHandlers {

    /** The audit actor of a failed sign-in. */
    static final String ANONYMOUS = "anonymous";

    private static final Logger log = LoggerFactory.getLogger(SignInHandlers.class);

    private final UserAccounts accounts;
    private final AuditLog audit;
    private final RedirectServerAuthenticationSuccessHandler redirect = new RedirectServerAuthenticationSuccessHandler();
    private final DefaultServerRedirectStrategy redirects = new DefaultServerRedirectStrategy();

    SignInHandlers(UserAccounts accounts, AuditLog audit, ServerRequestCache requestCache) {
        this.accounts = accounts;
        this.audit = audit;
        this.redirect.setRequestCache(requestCache);
    }

    ServerAuthenticationSuccessHandler success() {
        return (WebFilterExchange exchange, Authentication authentication) -> {
            Mono<Void> record = Mono.justOrEmpty(SignedInUser.of(authentication)).flatMap(user ->
                    Mono.fromRunnable(() -> {
                        accounts.markSignedIn(user.id());
                        audit.record(AuditLog.user(user.username()), AuditLog.SIGN_IN, "user:" + user.username(),
                                null);
                    }).subscribeOn(Schedulers.boundedElastic()).then());
            return record.then(redirect.onAuthenticationSuccess(exchange, authentication));
        };
    }

    ServerAuthenticationFailureHandler failure() {
        return (WebFilterExchange exchange, AuthenticationException e) -> {
            boolean disabled = e instanceof DisabledException;
            Mono<Void> record = exchange.getExchange().getFormData().flatMap(form -> {
                String username = form.getFirst("username");
                return Mono.fromRunnable(() -> recordFailure(username, disabled))
                        .subscribeOn(Schedulers.boundedElastic()).then();
            });
            return record.then(redirects.sendRedirect(exchange.getExchange(),
                    URI.create(disabled ? "/login?disabled" : "/login?error")));
        };
    }

    private void recordFailure(String username, boolean disabled) {
        var user = accounts.findByUsername(username);
        if (user.isPresent()) {
            audit.record(ANONYMOUS, AuditLog.SIGN_IN, "user:" + user.get().username(),
                    disabled ? "refused: account disabled" : "failed: wrong password");
        } else {
            log.info("Sign-in refused for unknown username '{}'", username == null ? "" : username.strip()
                    .replaceAll("[^\\p{Graph} ]", "?"));
        }
    }
}

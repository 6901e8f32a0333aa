package ai.puyu.security;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the signed-in person in the web session, and checks the account on each request that asks who is signed
 * in: a deleted or disabled account, or one whose password was reset since, ends the session; a changed role
 * applies at once. One database read per request, at most (the result is cached for the exchange).
 */
class SessionSecurityContextRepository implements ServerSecurityContextRepository {

    private final WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();
    private final UserAccounts accounts;

    SessionSecurityContextRepository(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return sessions.save(exchange, context);
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        return sessions.load(exchange).flatMap(context -> refresh(exchange, context)).cache();
    }

    private Mono<SecurityContext> refresh(ServerWebExchange exchange, SecurityContext context) {
        var signedIn = SignedInUser.of(context.getAuthentication());
        if (signedIn.isEmpty()) {
            return Mono.just(context);
        }
        SignedInUser remembered = signedIn.get();
        return Mono.fromCallable(() -> accounts.find(remembered.id()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> {
                    if (found.isPresent() && found.get().enabled()
                            && found.get().credentialsVersion() == remembered.credentialsVersion()
                            && found.get().username().equals(remembered.username())) {
                        return Mono.<SecurityContext>just(new SecurityContextImpl(
                                SignedInUser.of(found.get()).authentication()));
                    }
                    return sessions.save(exchange, null).then(Mono.empty());
                });
    }
}

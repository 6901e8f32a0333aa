package ai.puyu.admin;

import ai.puyu.audit.AuditLog;
import java.util.concurrent.Callable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Who acts in an admin request, as the audit log names them: {@code user:<name>} for the signed-in
 * principal (Spring Security fills {@link ServerWebExchange#getPrincipal()}), {@link AuditLog#ANONYMOUS}
 * when there is none.
 */
public final class Actor {

    private Actor() {
    }

    /** The actor of this exchange. */
    public static Mono<String> of(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(p -> AuditLog.user(p.getName())).defaultIfEmpty(AuditLog.ANONYMOUS);
    }

    /** Runs blocking work (JDBC) for this actor on a thread that may block. */
    public static <T> Mono<T> blocking(ServerWebExchange exchange, ActorCall<T> work) {
        return of(exchange).flatMap(actor -> blocking(() -> work.call(actor)));
    }

    /** Runs blocking work (JDBC) on a thread that may block. */
    public static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    /** Work done for an actor. */
    @FunctionalInterface
    public interface ActorCall<T> {
        T call(String actor) throws Exception;
    }
}

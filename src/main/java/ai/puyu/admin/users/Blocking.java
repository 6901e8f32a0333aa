package ai.puyu.admin.users;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Runs blocking work (JDBC, password hashing) off the event loop. */
final class Blocking {

    private Blocking() {
    }

    static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}

package ai.puyu.admin.audit;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminApi;
import ai.puyu.audit.AuditSearch;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /admin/api/audit}: the audit log as JSON, with the page's filters ({@link AuditController}). */
@RestController
class AuditApiController implements AdminApi {

    private final AuditSearch audit;

    AuditApiController(AuditSearch audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/api/audit")
    Mono<AuditSearch.Result> list(ServerWebExchange exchange) {
        var query = exchange.getRequest().getQueryParams();
        return Actor.blocking(() -> AuditController.search(audit, query));
    }
}

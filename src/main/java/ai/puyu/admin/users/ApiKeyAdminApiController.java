package ai.puyu.admin.users;

import ai.puyu.admin.Actor;
import ai.puyu.admin.users.AdminViews.CreatedKeyView;
import ai.puyu.admin.users.AdminViews.KeyView;
import ai.puyu.audit.AuditLog;
import ai.puyu.security.SignedInUser;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /admin/api/keys} (ADMIN): list keys, create {@code {name}} (the response holds the key, once), revoke with
 * {@code DELETE /admin/api/keys/{id}} (the key stays listed as revoked).
 */
@RestController
@RequestMapping("/admin/api/keys")
class ApiKeyAdminApiController {

    private final ApiKeyAdministration keys;

    ApiKeyAdminApiController(ApiKeyAdministration keys) {
        this.keys = keys;
    }

    @GetMapping
    Mono<List<KeyView>> list() {
        return Actor.blocking(() -> keys.list().stream().map(KeyView::of).toList());
    }

    @PostMapping
    Mono<ResponseEntity<CreatedKeyView>> create(@AuthenticationPrincipal SignedInUser admin,
                                                @RequestBody JsonNode body) {
        String name = JsonFields.text(body, "name");
        return Actor.blocking(() -> CreatedKeyView.of(keys.create(AuditLog.user(admin.username()), name)))
                .map(key -> ResponseEntity.created(URI.create("/admin/api/keys/" + key.id())).body(key));
    }

    @DeleteMapping("/{id}")
    Mono<KeyView> revoke(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id) {
        return Actor.blocking(() -> KeyView.of(keys.revoke(AuditLog.user(admin.username()), id)
                .orElseThrow(() -> new KeyNotFoundException(id))));
    }
}

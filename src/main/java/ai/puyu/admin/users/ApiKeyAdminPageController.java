package ai.puyu.admin.users;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminPage;
import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.CreatedApiKey;
import ai.puyu.security.SignedInUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The API key page ({@code /admin/keys}, ADMIN): keys with their prefix, use and state; a form to create one (the
 * answer shows the key once, and is never cached); a button to revoke. This is how keys are made while the server
 * runs (the command line cannot open the H2 file then).
 */
@Controller
@RequestMapping("/admin/keys")
class ApiKeyAdminPageController implements AdminPage {

    private final ApiKeyAdministration keys;

    ApiKeyAdminPageController(ApiKeyAdministration keys) {
        this.keys = keys;
    }

    @GetMapping
    Mono<Rendering> list(@RequestParam(required = false) String revoked) {
        return page(HttpStatus.OK, revoked == null ? "" : "The key '" + revoked + "' was revoked.", "", null, "");
    }

    @PostMapping
    Mono<Rendering> create(@AuthenticationPrincipal SignedInUser admin, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String name = form.getFirst("name");
            return Actor.blocking(() -> keys.create(AuditLog.user(admin.username()), name))
                    .flatMap(created -> page(HttpStatus.CREATED, "", "", created, ""))
                    .onErrorResume(IllegalArgumentException.class, e -> page(HttpStatus.BAD_REQUEST, "",
                            e.getMessage(), null, name == null ? "" : name));
        });
    }

    @PostMapping("/{id}/revoke")
    Mono<Rendering> revoke(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id) {
        return Actor.blocking(() -> keys.revoke(AuditLog.user(admin.username()), id))
                .flatMap(key -> key.isPresent()
                        ? Mono.just(Rendering.redirectTo("/admin/keys?revoked="
                        + URLEncoder.encode(key.get().name(), StandardCharsets.UTF_8)).build())
                        : page(HttpStatus.NOT_FOUND, "", "there is no API key with id " + id, null, ""));
    }

    private Mono<Rendering> page(HttpStatus status, String notice, String error, CreatedApiKey created,
                                 String typedName) {
        return Actor.blocking(keys::list).map(list -> {
            Rendering.Builder<?> view = Rendering.view("admin/keys/list").status(status)
                    .modelAttribute("keys", list)
                    .modelAttribute("notice", notice)
                    .modelAttribute("error", error)
                    .modelAttribute("typedName", typedName);
            if (created != null) {
                view.modelAttribute("created", created);
            }
            return view.build();
        });
    }
}

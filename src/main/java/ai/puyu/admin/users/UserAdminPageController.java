package ai.puyu.admin.users;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminPage;
import ai.puyu.security.AppUser;
import ai.puyu.security.InvalidUserException;
import ai.puyu.security.SignedInUser;
import ai.puyu.security.UserAccounts;
import ai.puyu.security.UserNotFoundException;
import ai.puyu.security.UserRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The user management page ({@code /admin/users}, ADMIN): the list, a form to create a user, and per user forms to
 * change the role, enable or disable, reset the password and delete. A change redirects back with a notice; a
 * refused one shows the page again with the reason (400 bad input, 404, 409 a rule) and keeps what was typed
 * (never a password).
 */
@Controller
@RequestMapping("/admin/users")
class UserAdminPageController implements AdminPage {

    private static final Map<String, String> NOTICES = Map.of(
            "created", "User '%s' was created.",
            "role", "The role of '%s' was changed.",
            "enabled", "'%s' may sign in again.",
            "disabled", "'%s' was disabled and signed out.",
            "password", "The password of '%s' was reset; their sessions ended.",
            "deleted", "User '%s' was deleted (their conversations stay).");

    private final UserAccounts accounts;

    UserAdminPageController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    Mono<Rendering> list(@RequestParam(required = false) String done, @RequestParam(required = false) String user) {
        String notice = done != null && NOTICES.containsKey(done) && user != null
                ? NOTICES.get(done).formatted(user) : null;
        return page(HttpStatus.OK, notice, null, Map.of());
    }

    @PostMapping
    Mono<Rendering> create(@AuthenticationPrincipal SignedInUser admin, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> change(form, "created", f -> {
            UserRole role = UserRole.parse(f.getFirst("role"));
            return accounts.create(admin.username(), f.getFirst("username"), f.getFirst("password"), role);
        }));
    }

    @PostMapping("/{id}/role")
    Mono<Rendering> role(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id,
                         ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> change(form, "role",
                f -> accounts.changeRole(admin.username(), id, UserRole.parse(f.getFirst("role")))));
    }

    @PostMapping("/{id}/enable")
    Mono<Rendering> enable(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id) {
        return change(null, "enabled", f -> accounts.setEnabled(admin.username(), id, true));
    }

    @PostMapping("/{id}/disable")
    Mono<Rendering> disable(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id) {
        return change(null, "disabled", f -> accounts.setEnabled(admin.username(), id, false));
    }

    @PostMapping("/{id}/password")
    Mono<Rendering> password(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id,
                             ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> change(form, "password",
                f -> accounts.resetPassword(admin.username(), id, f.getFirst("password"))));
    }

    @PostMapping("/{id}/delete")
    Mono<Rendering> delete(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id) {
        return change(null, "deleted", f -> accounts.delete(admin.username(), id));
    }

    /** Applies a change off the event loop: a redirect with a notice, or the page again with the reason. */
    private Mono<Rendering> change(MultiValueMap<String, String> form, String done,
                                   Function<MultiValueMap<String, String>, AppUser> action) {
        return Actor.blocking(() -> action.apply(form))
                .map(user -> Rendering.redirectTo("/admin/users?done=" + done + "&user="
                        + URLEncoder.encode(user.username(), StandardCharsets.UTF_8)).build())
                .onErrorResume(InvalidUserException.class, e -> page(
                        e.isRule() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST, null, e.getMessage(),
                        typed(form)))
                .onErrorResume(UserNotFoundException.class, e -> page(HttpStatus.NOT_FOUND, null, e.getMessage(),
                        Map.of()));
    }

    /** What the create form had (never the password), to fill it in again. */
    private static Map<String, String> typed(MultiValueMap<String, String> form) {
        if (form == null || form.getFirst("username") == null) {
            return Map.of();
        }
        String role = form.getFirst("role");
        return Map.of("username", form.getFirst("username"), "role", role == null ? "USER" : role);
    }

    private Mono<Rendering> page(HttpStatus status, String notice, String error, Map<String, String> typed) {
        return Actor.blocking(accounts::list).map(users -> Rendering.view("admin/users/list")
                .status(status)
                .modelAttribute("users", users)
                .modelAttribute("roles", UserRole.values())
                .modelAttribute("notice", notice == null ? "" : notice)
                .modelAttribute("error", error == null ? "" : error)
                .modelAttribute("typedUsername", typed.getOrDefault("username", ""))
                .modelAttribute("typedRole", typed.getOrDefault("role", "USER"))
                .build());
    }
}

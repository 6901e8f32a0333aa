package ai.puyu.admin.users;

import ai.puyu.admin.Actor;
import ai.puyu.admin.users.AdminViews.UserView;
import ai.puyu.security.InvalidUserException;
import ai.puyu.security.SignedInUser;
import ai.puyu.security.UserAccounts;
import ai.puyu.security.UserNotFoundException;
import ai.puyu.security.UserRole;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /admin/api/users} (ADMIN): list, create {@code {username, password, role}}, change
 * {@code {role?, enabled?, password?}} and delete accounts. Errors: 400 naming the field, 404, 409 for the rules
 * (own account, last administrator), all as {@code {"error": {"message", "param"}}}.
 */
@RestController
@RequestMapping("/admin/api/users")
class UserAdminApiController {

    private final UserAccounts accounts;

    UserAdminApiController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    Mono<List<UserView>> list() {
        return Actor.blocking(() -> accounts.list().stream().map(UserView::of).toList());
    }

    @GetMapping("/{id}")
    Mono<UserView> get(@PathVariable long id) {
        return Actor.blocking(() -> UserView.of(accounts.find(id).orElseThrow(() -> new UserNotFoundException(id))));
    }

    @PostMapping
    Mono<ResponseEntity<UserView>> create(@AuthenticationPrincipal SignedInUser admin, @RequestBody JsonNode body) {
        String username = JsonFields.text(body, "username");
        String password = JsonFields.text(body, "password");
        UserRole role = UserRole.parse(JsonFields.text(body, "role"));
        return Actor.blocking(() -> UserView.of(accounts.create(admin.username(), username, password, role)))
                .map(user -> ResponseEntity.created(URI.create("/admin/api/users/" + user.id())).body(user));
    }

    @PatchMapping("/{id}")
    Mono<UserView> change(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id,
                          @RequestBody JsonNode body) {
        JsonFields.object(body);
        String roleText = JsonFields.text(body, "role");
        UserRole role = roleText == null ? null : UserRole.parse(roleText);
        Boolean enabled = JsonFields.bool(body, "enabled");
        String password = JsonFields.text(body, "password");
        if (role == null && enabled == null && password == null) {
            throw new InvalidUserException(null, "nothing to change: send role, enabled or password");
        }
        return Actor.blocking(() -> {
            var user = accounts.find(id).orElseThrow(() -> new UserNotFoundException(id));
            if (password != null) {
                UserAccounts.validPassword(password, user.username());
            }
            if (role != null) {
                user = accounts.changeRole(admin.username(), id, role);
            }
            if (enabled != null) {
                user = accounts.setEnabled(admin.username(), id, enabled);
            }
            if (password != null) {
                user = accounts.resetPassword(admin.username(), id, password);
            }
            return UserView.of(user);
        });
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal SignedInUser admin, @PathVariable long id) {
        return Actor.blocking(() -> accounts.delete(admin.username(), id))
                .map(deleted -> ResponseEntity.noContent().build());
    }
}

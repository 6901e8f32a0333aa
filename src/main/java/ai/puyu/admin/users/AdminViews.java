package ai.puyu.admin.users;

import ai.puyu.conversation.ApiKey;
import ai.puyu.conversation.CreatedApiKey;
import ai.puyu.security.AppUser;
import java.time.Instant;

/** The JSON shapes of {@code /admin/api/users} and {@code /admin/api/keys} (camelCase; never a hash). */
final class AdminViews {

    private AdminViews() {
    }

    /** An account. */
    record UserView(long id, String username, String role, boolean enabled, Instant createdAt, Instant updatedAt,
                    Instant lastSignInAt) {
        static UserView of(AppUser u) {
            return new UserView(u.id(), u.username(), u.role().name(), u.enabled(), u.createdAt(), u.updatedAt(),
                    u.lastSignInAt());
        }
    }

    /** An API key, without its secret. */
    record KeyView(long id, String name, String prefix, boolean active, Instant createdAt, Instant lastUsedAt,
                   Instant revokedAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id(), k.name(), k.prefix(), k.active(), k.createdAt(), k.lastUsedAt(),
                    k.revokedAt());
        }
    }

    /** A key just made: the only response that ever holds its plaintext ({@code key}). */
    record CreatedKeyView(long id, String name, String prefix, boolean active, Instant createdAt, String key) {
        static CreatedKeyView of(CreatedApiKey c) {
            ApiKey k = c.apiKey();
            return new CreatedKeyView(k.id(), k.name(), k.prefix(), k.active(), k.createdAt(), c.plaintext());
        }
    }

    /** {@code {"error": {"message", "param"}}}: what is wrong, and the field at fault when there is one. */
    record ErrorView(Body error) {
        record Body(String message, String param) {
        }

        static ErrorView of(String message, String param) {
            return new ErrorView(new Body(message, param));
        }
    }
}

package ai.puyu.security;

import java.util.List;
import java.util.Optional;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The person behind a session: what the session remembers of {@link AppUser} (never the password hash).
 *
 * @param id                 the account's id
 * @param username           its username
 * @param role               its role, refreshed from the database on every request
 * @param credentialsVersion the account's credentials version at sign-in; the session ends when it changes
 */
public record SignedInUser(long id, String username, UserRole role, int credentialsVersion)
        implements AuthenticatedPrincipal {

    static SignedInUser of(AppUser user) {
        return new SignedInUser(user.id(), user.username(), user.role(), user.credentialsVersion());
    }

    /** The signed-in person of this authentication, or empty (anonymous, an API key). */
    public static Optional<SignedInUser> of(Authentication authentication) {
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof SignedInUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    @Override
    public String getName() {
        return username;
    }

    /** An authenticated token for this person with their role's authority. */
    Authentication authentication() {
        return UsernamePasswordAuthenticationToken.authenticated(this, null,
                List.of(new SimpleGrantedAuthority(role.authority())));
    }
}

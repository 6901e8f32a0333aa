package ai.puyu.security;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A person who signs in.
 *
 * @param id                 database id, null until saved
 * @param username           lower case, unique
 * @param passwordHash       the {@code DelegatingPasswordEncoder} hash, never the password
 * @param role               what they may do
 * @param enabled            false: cannot sign in, and sessions already open end
 * @param credentialsVersion raised on password reset and on disabling; a session remembers the value it
 *                           signed in with and ends when it differs
 * @param createdAt          when the account was made
 * @param updatedAt          when it last changed
 * @param lastSignInAt       the last successful sign-in, null if never
 */
@Table
public record AppUser(@Id Long id, String username, String passwordHash, UserRole role, boolean enabled,
                      int credentialsVersion, Instant createdAt, Instant updatedAt, Instant lastSignInAt) {

    /** The actor name of this person in the audit log. */
    public String actor() {
        return ai.puyu.audit.AuditLog.user(username);
    }

    @Override
    public String toString() {
        return "AppUser[id=" + id + ", username=" + username + ", role=" + role + ", enabled=" + enabled + "]";
    }
}

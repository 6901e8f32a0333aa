package ai.puyu.security;

import ai.puyu.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people who sign in: creation, role, enabling, passwords, deletion. Every change is written to the
 * {@link AuditLog} with the acting administrator. Rules: usernames are lower case {@code [a-z0-9._-]}, at most 64
 * characters; passwords have {@value #MIN_PASSWORD}-{@value #MAX_PASSWORD} characters; an administrator cannot
 * demote, disable or delete their own account, and the last enabled administrator stays. Blocking (JDBC, password
 * hashing): call it off the event loop.
 */
@Service
public class UserAccounts {

    /** The shortest password accepted. */
    public static final int MIN_PASSWORD = 8;
    /** The longest password accepted. */
    public static final int MAX_PASSWORD = 128;
    /** The longest username. */
    public static final int MAX_USERNAME = 64;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final AppUserRepository users;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;

    UserAccounts(AppUserRepository users, PasswordEncoder encoder, AuditLog audit, ObjectProvider<Clock> clock) {
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Every account, by username. */
    @Transactional(readOnly = true)
    public List<AppUser> list() {
        return users.findAllByOrderByUsernameAsc();
    }

    /** The account with this id. */
    @Transactional(readOnly = true)
    public Optional<AppUser> find(long id) {
        return users.findById(id);
    }

    /** The account with this username (any case), or empty. */
    @Transactional(readOnly = true)
    public Optional<AppUser> findByUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return users.findByUsername(username.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether any account has the ADMIN role (enabled or not). */
    @Transactional(readOnly = true)
    public boolean anyAdmin() {
        return users.existsByRole(UserRole.ADMIN);
    }

    /** Makes an account; {@code actor} is the administrator's username. */
    @Transactional
    public AppUser create(String actor, String username, String password, UserRole role) {
        String name = validUsername(username);
        validPassword(password, name);
        if (role == null) {
            throw new InvalidUserException("role", "role is required: USER, REVIEWER or ADMIN");
        }
        if (users.findByUsername(name).isPresent()) {
            throw new InvalidUserException("username", "a user named '" + name + "' exists already");
        }
        Instant now = now();
        AppUser saved;
        try {
            saved = users.save(new AppUser(null, name, encoder.encode(password), role, true, 0, now, now, null));
        } catch (RuntimeException e) {
            if (isDuplicate(e)) {
                throw new InvalidUserException("username", "a user named '" + name + "' exists already");
            }
            throw e;
        }
        audit.record(actorName(actor), AuditLog.USER_CREATE, target(saved), "role " + role);
        return saved;
    }

    /** Gives the account another role; it applies to its open sessions at their next request. */
    @Transactional
    public AppUser changeRole(String actor, long id, UserRole role) {
        if (role == null) {
            throw new InvalidUserException("role", "role is required: USER, REVIEWER or ADMIN");
        }
        AppUser user = existing(id);
        if (user.role() == role) {
            return user;
        }
        if (user.role() == UserRole.ADMIN) {
            notSelf(actor, user, "remove your own administrator role");
            keepAnAdmin(user, "lose the ADMIN role");
        }
        AppUser saved = users.save(new AppUser(user.id(), user.username(), user.passwordHash(), role, user.enabled(),
                user.credentialsVersion(), user.createdAt(), now(), user.lastSignInAt()));
        audit.record(actorName(actor), AuditLog.USER_UPDATE, target(saved), "role " + user.role() + " -> " + role);
        return saved;
    }

    /** Enables or disables the account; disabling ends its open sessions. */
    @Transactional
    public AppUser setEnabled(String actor, long id, boolean enabled) {
        AppUser user = existing(id);
        if (user.enabled() == enabled) {
            return user;
        }
        if (!enabled) {
            notSelf(actor, user, "disable your own account");
            if (user.role() == UserRole.ADMIN) {
                keepAnAdmin(user, "be disabled");
            }
        }
        AppUser saved = users.save(new AppUser(user.id(), user.username(), user.passwordHash(), user.role(), enabled,
                user.credentialsVersion() + (enabled ? 0 : 1), user.createdAt(), now(), user.lastSignInAt()));
        audit.record(actorName(actor), AuditLog.USER_UPDATE, target(saved), enabled ? "enabled" : "disabled");
        return saved;
    }

    /** Sets a new password chosen by an administrator; the account's open sessions end. */
    @Transactional
    public AppUser resetPassword(String actor, long id, String password) {
        AppUser user = existing(id);
        validPassword(password, user.username());
        AppUser saved = withPassword(user, password);
        audit.record(actorName(actor), AuditLog.USER_UPDATE, target(saved), "password reset");
        return saved;
    }

    /** A signed-in person changes their own password, proving the current one; their other sessions end. */
    @Transactional
    public AppUser changeOwnPassword(long id, String currentPassword, String newPassword) {
        AppUser user = existing(id);
        if (currentPassword == null || !encoder.matches(currentPassword, user.passwordHash())) {
            throw new InvalidUserException("currentPassword", "the current password is not correct");
        }
        validPassword(newPassword, user.username());
        AppUser saved = withPassword(user, newPassword);
        audit.record(user.actor(), AuditLog.USER_UPDATE, target(saved), "password changed by its owner");
        return saved;
    }

    /** Deletes the account (its conversations stay, owned by {@code user:<name>}). */
    @Transactional
    public AppUser delete(String actor, long id) {
        AppUser user = existing(id);
        notSelf(actor, user, "delete your own account");
        if (user.role() == UserRole.ADMIN) {
            keepAnAdmin(user, "be deleted");
        }
        users.deleteById(user.id());
        audit.record(actorName(actor), AuditLog.USER_DELETE, target(user), "was " + user.role());
        return user;
    }

    /**
     * Creates the first administrator at start-up (actor {@link AuditLog#SYSTEM}); the password must follow the
     * same rules as any other.
     */
    @Transactional
    public AppUser createFirstAdmin(String username, String password) {
        String name = validUsername(username);
        validPassword(password, name);
        Instant now = now();
        AppUser saved = users.save(new AppUser(null, name, encoder.encode(password), UserRole.ADMIN, true, 0, now,
                now, null));
        audit.record(AuditLog.SYSTEM, AuditLog.USER_CREATE, target(saved), "first administrator, role ADMIN");
        return saved;
    }

    /** Notes a successful sign-in (the audit line is written by the sign-in handler). */
    @Transactional
    public void markSignedIn(long id) {
        users.markSignedIn(id, now());
    }

    /** Replaces a hash in an outdated format (e.g. bcrypt once Argon2 is the default) after a good sign-in. */
    @Transactional
    public void upgradeHash(long id, String password) {
        users.findById(id).filter(u -> encoder.upgradeEncoding(u.passwordHash())).ifPresent(u ->
                users.save(new AppUser(u.id(), u.username(), encoder.encode(password), u.role(), u.enabled(),
                        u.credentialsVersion(), u.createdAt(), u.updatedAt(), u.lastSignInAt())));
    }

    /** The normalised username, or an {@link InvalidUserException} saying what is wrong with it. */
    public static String validUsername(String username) {
        if (username == null || username.isBlank()) {
            throw new InvalidUserException("username", "username is required");
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        if (name.length() > MAX_USERNAME) {
            throw new InvalidUserException("username", "username is longer than " + MAX_USERNAME + " characters");
        }
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidUserException("username", "username may contain only letters a-z, digits, '.', '_'"
                    + " and '-', and must start with a letter or digit");
        }
        return name;
    }

    /** Refuses a password outside the rules with an {@link InvalidUserException} naming the field. */
    public static void validPassword(String password, String username) {
        if (password == null || password.isEmpty()) {
            throw new InvalidUserException("password", "password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD) {
            throw new InvalidUserException("password", "password must have at least " + MIN_PASSWORD + " characters");
        }
        if (length > MAX_PASSWORD) {
            throw new InvalidUserException("password", "password must have at most " + MAX_PASSWORD + " characters");
        }
        if (password.strip().equalsIgnoreCase(username)) {
            throw new InvalidUserException("password", "password must not be the username");
        }
    }

    /** Whether this failure (or a cause) is a unique-constraint violation: someone saved the same name first. */
    static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataIntegrityViolationException) {
                return true;
            }
        }
        return false;
    }

    private AppUser withPassword(AppUser user, String password) {
        return users.save(new AppUser(user.id(), user.username(), encoder.encode(password), user.role(),
                user.enabled(), user.credentialsVersion() + 1, user.createdAt(), now(), user.lastSignInAt()));
    }

    private AppUser existing(long id) {
        return users.findById(id).orElseThrow(() -> new UserNotFoundException(id));
    }

    private static void notSelf(String actor, AppUser user, String what) {
        if (user.username().equals(actor)) {
            throw InvalidUserException.rule("you cannot " + what + "; ask another administrator");
        }
    }

    private void keepAnAdmin(AppUser user, String what) {
        if (user.enabled() && users.countByRoleAndEnabledIsTrue(UserRole.ADMIN) <= 1) {
            throw InvalidUserException.rule("'" + user.username() + "' is the last enabled administrator and"
                    + " cannot " + what + "; make another user ADMIN first");
        }
    }

    private static String actorName(String actor) {
        return actor == null ? AuditLog.SYSTEM : AuditLog.user(actor);
    }

    private static String target(AppUser user) {
        return "user:" + user.username();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

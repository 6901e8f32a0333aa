package ai.puyu.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks a username and password against {@code app_user} (form sign-in). An unknown username costs the same
 * hashing work as a wrong password, so the answer time does not tell which usernames exist; both get the same
 * message. A disabled account is told so only when its password was right.
 */
@Component
class UserAuthenticationManager implements ReactiveAuthenticationManager {

    /** The message of every refused sign-in except a disabled account. */
    static final String BAD_CREDENTIALS = "Wrong username or password.";
    /** The message for a disabled account with the right password. */
    static final String DISABLED = "This account is disabled; ask an administrator.";

    private final UserAccounts accounts;
    private final PasswordEncoder encoder;
    private volatile String decoyHash;

    UserAuthenticationManager(UserAccounts accounts, PasswordEncoder encoder) {
        this.accounts = accounts;
        this.encoder = encoder;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication request) {
        String username = request.getName();
        Object credentials = request.getCredentials();
        String password = credentials == null ? "" : credentials.toString();
        return Mono.fromCallable(() -> check(username, password)).subscribeOn(Schedulers.boundedElastic());
    }

    private Authentication check(String username, String password) {
        Optional<AppUser> found = accounts.findByUsername(username);
        boolean matches = encoder.matches(password, found.map(AppUser::passwordHash).orElseGet(this::decoyHash));
        if (found.isEmpty() || !matches) {
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
        AppUser user = found.get();
        if (!user.enabled()) {
            throw new DisabledException(DISABLED);
        }
        if (encoder.upgradeEncoding(user.passwordHash())) {
            accounts.upgradeHash(user.id(), password);
        }
        return SignedInUser.of(user).authentication();
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            hash = encoder.encode(Base64.getEncoder().encodeToString(random));
            decoyHash = hash;
        }
        return hash;
    }
}

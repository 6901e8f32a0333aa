package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.audit.AuditEntry;
import ai.puyu.audit.AuditLog;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The account rules, hashing and sign-in check on a real database (H2 and PostgreSQL subclasses). */
@UserSlice
abstract class UserAccountsTestBase {

    @Autowired
    UserAccounts accounts;

    @Autowired
    UserAuthenticationManager signIn;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void onlyTheBoss() {
        jdbc.update("DELETE FROM app_user");
        accounts.createFirstAdmin("boss", "boss-password-1");
    }

    private static void refused(Runnable change, String field, String message) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(InvalidUserException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private Authentication authenticate(String username, String password) {
        return signIn.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password)).block();
    }

    @Test
    void usernamesAreLowerCasedAndValidated() {
        AppUser alice = accounts.create("boss", "  Alice.B-1 ", "alice-password", UserRole.USER);
        assertThat(alice.username()).isEqualTo("alice.b-1");
        refused(() -> accounts.create("boss", "ALICE.b-1", "another-pass", UserRole.USER), "username", "exists");
        refused(() -> accounts.create("boss", " ", "another-pass", UserRole.USER), "username", "required");
        refused(() -> accounts.create("boss", "bob smith", "another-pass", UserRole.USER), "username", "only letters");
        refused(() -> accounts.create("boss", "-bob", "another-pass", UserRole.USER), "username", "start with");
        refused(() -> accounts.create("boss", "b".repeat(65), "another-pass", UserRole.USER), "username", "64");
        refused(() -> accounts.create("boss", "bob", "another-pass", null), "role", "required");
        assertThat(accounts.list()).extracting(AppUser::username).containsExactly("alice.b-1", "boss");
    }

    @Test
    void passwordsFollowTheRulesAndOnlyTheirArgon2HashIsStored() {
        refused(() -> accounts.create("boss", "carol", "seven77", UserRole.USER), "password", "at least 8");
        refused(() -> accounts.create("boss", "carol", "x".repeat(129), UserRole.USER), "password", "at most 128");
        refused(() -> accounts.create("boss", "carol", "CAROL", UserRole.USER), "password", "at least 8");
        refused(() -> accounts.create("boss", "carolcarol", "CarolCarol", UserRole.USER), "password", "username");
        AppUser carol = accounts.create("boss", "carol", "pass phrase 密码", UserRole.USER);
        assertThat(carol.passwordHash()).startsWith("{argon2@SpringSecurity_v5_8}$argon2id$")
                .doesNotContain("pass phrase");
        assertThat(encoder.matches("pass phrase 密码", carol.passwordHash())).isTrue();
    }

    @Test
    void signInAcceptsTheRightPasswordAnyCaseOfNameAndRefusesTheRestAlike() {
        accounts.create("boss", "dave", "dave-password", UserRole.REVIEWER);
        Authentication ok = authenticate("DAVE", "dave-password");
        assertThat(ok.isAuthenticated()).isTrue();
        assertThat(SignedInUser.of(ok).orElseThrow().role()).isEqualTo(UserRole.REVIEWER);
        assertThat(ok.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_REVIEWER");

        assertThatThrownBy(() -> authenticate("dave", "wrong-password")).isInstanceOf(BadCredentialsException.class)
                .hasMessage(UserAuthenticationManager.BAD_CREDENTIALS);
        assertThatThrownBy(() -> authenticate("nobody", "dave-password")).isInstanceOf(BadCredentialsException.class)
                .hasMessage(UserAuthenticationManager.BAD_CREDENTIALS);
    }

    @Test
    void aDisabledAccountIsToldSoOnlyWithTheRightPassword() {
        AppUser erin = accounts.create("boss", "erin", "erin-password", UserRole.USER);
        accounts.setEnabled("boss", erin.id(), false);
        assertThatThrownBy(() -> authenticate("erin", "erin-password")).isInstanceOf(DisabledException.class);
        assertThatThrownBy(() -> authenticate("erin", "wrong-password")).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void anOldBcryptHashIsReplacedByArgon2AtTheNextSignIn() {
        AppUser frank = accounts.create("boss", "frank", "frank-password", UserRole.USER);
        jdbc.update("UPDATE app_user SET password_hash = ? WHERE id = ?",
                "{bcrypt}" + new BCryptPasswordEncoder().encode("frank-password"), frank.id());
        assertThat(authenticate("frank", "frank-password").isAuthenticated()).isTrue();
        String upgraded = accounts.find(frank.id()).orElseThrow().passwordHash();
        assertThat(upgraded).startsWith("{argon2@SpringSecurity_v5_8}");
        assertThat(authenticate("frank", "frank-password").isAuthenticated()).isTrue();
    }

    @Test
    void anAdministratorCannotDemoteDisableOrDeleteThemselves() {
        long boss = accounts.findByUsername("boss").orElseThrow().id();
        accounts.create("boss", "grace", "grace-password", UserRole.ADMIN);
        for (Runnable change : List.<Runnable>of(
                () -> accounts.changeRole("boss", boss, UserRole.REVIEWER),
                () -> accounts.setEnabled("boss", boss, false),
                () -> accounts.delete("boss", boss))) {
            assertThatThrownBy(change::run).isInstanceOfSatisfying(InvalidUserException.class,
                    e -> assertThat(e.isRule()).isTrue());
        }
        AppUser still = accounts.find(boss).orElseThrow();
        assertThat(still.role()).isEqualTo(UserRole.ADMIN);
        assertThat(still.enabled()).isTrue();
        // another administrator may
        accounts.changeRole("grace", boss, UserRole.REVIEWER);
        assertThat(accounts.find(boss).orElseThrow().role()).isEqualTo(UserRole.REVIEWER);
    }

    @Test
    void theLastEnabledAdministratorStays() {
        long boss = accounts.findByUsername("boss").orElseThrow().id();
        assertThatThrownBy(() -> accounts.setEnabled("someone-else", boss, false))
                .isInstanceOf(InvalidUserException.class).hasMessageContaining("last enabled administrator");
        assertThatThrownBy(() -> accounts.delete("someone-else", boss))
                .isInstanceOf(InvalidUserException.class).hasMessageContaining("last enabled administrator");
        assertThatThrownBy(() -> accounts.changeRole("someone-else", boss, UserRole.USER))
                .isInstanceOf(InvalidUserException.class).hasMessageContaining("last enabled administrator");
        assertThat(accounts.find(boss)).isPresent();
    }

    @Test
    void disablingAndPasswordResetsEndSessionsButRoleChangesDoNot() {
        AppUser heidi = accounts.create("boss", "heidi", "heidi-password", UserRole.USER);
        int v0 = heidi.credentialsVersion();
        assertThat(accounts.changeRole("boss", heidi.id(), UserRole.REVIEWER).credentialsVersion()).isEqualTo(v0);
        assertThat(accounts.setEnabled("boss", heidi.id(), false).credentialsVersion()).isEqualTo(v0 + 1);
        assertThat(accounts.setEnabled("boss", heidi.id(), true).credentialsVersion()).isEqualTo(v0 + 1);
        assertThat(accounts.resetPassword("boss", heidi.id(), "heidi-password-2").credentialsVersion())
                .isEqualTo(v0 + 2);
        refused(() -> accounts.resetPassword("boss", heidi.id(), "short"), "password", "at least 8");
        assertThatThrownBy(() -> accounts.resetPassword("boss", 987654, "long-enough-1"))
                .isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void everyChangeIsAuditedWithTheActingAdministrator() {
        AppUser ivan = accounts.create("boss", "ivan", "ivan-password", UserRole.USER);
        accounts.changeRole("boss", ivan.id(), UserRole.REVIEWER);
        accounts.setEnabled("boss", ivan.id(), false);
        accounts.resetPassword("boss", ivan.id(), "ivan-password-2");
        accounts.delete("boss", ivan.id());
        List<AuditEntry> entries = audit.list(AuditLog.user("boss"), null, 0, 20).getContent().stream()
                .filter(e -> "user:ivan".equals(e.target())).toList();
        assertThat(entries).extracting(AuditEntry::action).containsExactly(AuditLog.USER_DELETE,
                AuditLog.USER_UPDATE, AuditLog.USER_UPDATE, AuditLog.USER_UPDATE, AuditLog.USER_CREATE);
        assertThat(entries).extracting(AuditEntry::detail).containsExactly("was REVIEWER", "password reset",
                "disabled", "role USER -> REVIEWER", "role USER");
        assertThat(entries).allSatisfy(e -> assertThat(e.detail()).doesNotContain("ivan-password"));
    }
}

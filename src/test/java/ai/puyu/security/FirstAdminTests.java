package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.audit.AuditLog;
import ai.puyu.testsupport.InMemoryH2;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The first administrator: from PUYU_ADMIN_PASSWORD, or a random password logged once; never a fixed one. */
@UserSlice
@ExtendWith(OutputCaptureExtension.class)
class FirstAdminTests {

    private static final Pattern LOGGED_PASSWORD = Pattern.compile("password: (\\S+)");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        InMemoryH2.register(registry);
    }

    @Autowired
    UserAccounts accounts;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void noUsers() {
        jdbc.update("DELETE FROM app_user");
    }

    private FirstAdmin firstAdmin(String password) {
        return new FirstAdmin(accounts, new PuyuSecurityProperties("admin", password, false,
                PuyuSecurityProperties.DEFAULT_CSP));
    }

    @Test
    void withoutAConfiguredPasswordARandomOneIsLoggedOnceAtWarnAndOnlyItsHashIsStored(CapturedOutput output) {
        assertThat(firstAdmin(null).ensure()).isEqualTo(FirstAdmin.Outcome.GENERATED);

        Matcher logged = LOGGED_PASSWORD.matcher(output.getAll());
        assertThat(logged.find()).as("the password is in the log").isTrue();
        String password = logged.group(1);
        assertThat(password).hasSize(FirstAdmin.GENERATED_LENGTH);
        assertThat(output.getAll()).contains("WARN").contains("shown only this once").contains("username: admin");

        AppUser admin = accounts.findByUsername("admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(UserRole.ADMIN);
        assertThat(admin.enabled()).isTrue();
        assertThat(admin.passwordHash()).startsWith("{" + PasswordHashing.ARGON2 + "}").doesNotContain(password);
        assertThat(encoder.matches(password, admin.passwordHash())).isTrue();
        assertThat(audit.list(AuditLog.SYSTEM, AuditLog.USER_CREATE, 0, 10).getContent())
                .anyMatch(e -> "user:admin".equals(e.target()));

        // the next start finds the administrator: no new password, none logged
        assertThat(firstAdmin(null).ensure()).isEqualTo(FirstAdmin.Outcome.EXISTED);
        assertThat(LOGGED_PASSWORD.matcher(output.getAll()).results().count()).isOne();
        assertThat(encoder.matches(password, accounts.findByUsername("admin").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void generatedPasswordsDifferEveryTime() {
        FirstAdmin first = firstAdmin("");
        assertThat(first.generatePassword()).isNotEqualTo(first.generatePassword());
        assertThat(first.ensure()).isEqualTo(FirstAdmin.Outcome.GENERATED);
        String hash = accounts.findByUsername("admin").orElseThrow().passwordHash();
        noUsers();
        assertThat(first.ensure()).isEqualTo(FirstAdmin.Outcome.GENERATED);
        String again = accounts.findByUsername("admin").orElseThrow().passwordHash();
        assertThat(again).isNotEqualTo(hash);
    }

    @Test
    void theConfiguredPasswordIsUsedAndNeverLogged(CapturedOutput output) {
        assertThat(firstAdmin("configured-secret-1").ensure()).isEqualTo(FirstAdmin.Outcome.CONFIGURED);
        AppUser admin = accounts.findByUsername("admin").orElseThrow();
        assertThat(encoder.matches("configured-secret-1", admin.passwordHash())).isTrue();
        assertThat(output.getAll()).contains("PUYU_ADMIN_PASSWORD").doesNotContain("configured-secret-1");
    }

    @Test
    void theConfiguredPasswordIsIgnoredOnceAnAdministratorExists(CapturedOutput output) {
        firstAdmin("configured-secret-1").ensure();
        assertThat(firstAdmin("another-secret-2").ensure()).isEqualTo(FirstAdmin.Outcome.EXISTED);
        AppUser admin = accounts.findByUsername("admin").orElseThrow();
        assertThat(encoder.matches("configured-secret-1", admin.passwordHash())).isTrue();
        assertThat(output.getAll()).contains("is ignored").doesNotContain("another-secret-2");
    }

    @Test
    void aConfiguredPasswordThatBreaksTheRulesStopsTheStartAndCreatesNoOne() {
        assertThatThrownBy(() -> firstAdmin("short").ensure()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PUYU_ADMIN_PASSWORD").hasMessageContaining("at least 8");
        assertThat(accounts.list()).isEmpty();
    }

    @Test
    void aNonAdminHoldingTheUsernameIsReportedNotOverwritten() {
        jdbc.update("INSERT INTO app_user (username, password_hash, role, enabled, credentials_version, created_at,"
                + " updated_at) VALUES ('admin', '{bcrypt}x', 'USER', TRUE, 0, ?, ?)", java.sql.Timestamp.from(
                Instant.now()), java.sql.Timestamp.from(Instant.now()));
        assertThatThrownBy(() -> firstAdmin("configured-secret-1").ensure()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("admin-username");
        assertThat(accounts.findByUsername("admin").orElseThrow().role()).isEqualTo(UserRole.USER);
    }
}

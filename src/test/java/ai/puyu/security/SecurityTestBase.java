package ai.puyu.security;

import ai.puyu.testsupport.TempDirs;
import ai.puyu.testsupport.WebSession;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One Puyu on a random port (tiny demo model, its own data directory), shared by the security and user admin test
 * classes (one Spring context). The first administrator is {@code admin} with {@link #ADMIN_PASSWORD}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class SecurityTestBase {

    /** The first administrator's password, as PUYU_ADMIN_PASSWORD would give it. */
    public static final String ADMIN_PASSWORD = "first-admin-secret";

    static final Path DATA_DIR = TempDirs.create("puyu-security-tests");

    @LocalServerPort
    protected int port;

    /** The test client, with room for slow first responses on a loaded machine (Argon2, first page renders). */
    protected WebTestClient web;

    @Autowired
    protected UserAccounts accounts;

    @Autowired
    void client(WebTestClient client) {
        web = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("puyu.data-dir", DATA_DIR::toString);
        registry.add("puyu.model-path", () -> "");
        registry.add("puyu.engine.threads", () -> "1");
        registry.add("puyu.engine.max-running", () -> "2");
        registry.add("puyu.engine.max-context", () -> "1024");
        registry.add("puyu.security.admin-password", () -> ADMIN_PASSWORD);
    }

    /** The password every test user gets: the username and a suffix. */
    public static String passwordOf(String username) {
        return username + "-pass-word";
    }

    /** The account {@code username} with this role (made, or changed back to it); its password is {@link #passwordOf}. */
    protected AppUser user(String username, UserRole role) {
        AppUser user = accounts.findByUsername(username).orElseGet(() ->
                accounts.create("admin", username, passwordOf(username), role));
        if (user.role() != role) {
            user = accounts.changeRole("admin", user.id(), role);
        }
        if (!user.enabled()) {
            user = accounts.setEnabled("admin", user.id(), true);
        }
        return user;
    }

    /** A browser signed in as {@code username} with this role (real sign-in through the form). */
    protected WebSession signedIn(String username, UserRole role) {
        user(username, role);
        return WebSession.signIn(web, username, passwordOf(username));
    }

    /** A browser signed in as the first administrator. */
    protected WebSession admin() {
        return WebSession.signIn(web, "admin", ADMIN_PASSWORD);
    }
}

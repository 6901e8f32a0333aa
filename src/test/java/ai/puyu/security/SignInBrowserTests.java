package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.testsupport.Chromium;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In headless Chromium ({@link Chromium}): the administrator signs in, creates a user and deletes another (through
 * the confirm dialog of the page's script), creates an API key (shown once, selected) and revokes it, opens their
 * account page, signs out with the top bar's button; the new user signs in and is refused
 * the admin pages. No Content-Security-Policy violation on these pages. Screenshots go to
 * {@code target/screenshots/}. Without Chromium the test is skipped, except where {@code CI} is set.
 */
class SignInBrowserTests extends SecurityTestBase {

    private static Chromium chromium;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launchOrSkip();
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static void screenshot(Page page, String name) {
        Chromium.screenshot(page, name);
    }

    private static void signIn(Page page, String username, String password) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForLoadState();
    }

    @Test
    void anAdministratorCreatesAUserWhoIsThenRefusedTheAdminPages() {
        accounts.findByUsername("browser-bob").ifPresent(u -> accounts.delete("admin", u.id()));
        user("browser-tmp", UserRole.USER);
        List<String> cspViolations = new ArrayList<>();
        try (var context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
            Page page = context.newPage();
            final Page watched = page;
            page.onConsoleMessage(m -> {
                // the pages of this feature (the chat page at / is checked by its own tests)
                boolean ours = watched.url().contains("/login") || watched.url().contains("/admin")
                        || watched.url().contains("/account");
                if (ours && m.text().contains("Content Security Policy")) {
                    cspViolations.add(watched.url() + ": " + m.text());
                }
            });

            page.navigate(url("/admin/users"));
            assertThat(page.url()).endsWith("/login");
            screenshot(page, "security-login.png");
            signIn(page, "admin", ADMIN_PASSWORD);
            assertThat(page.url()).as("back to the page that asked").endsWith("/admin/users");
            assertThat(page.locator("h1").textContent()).isEqualTo("Users");

            page.locator("#create-user input[name=username]").fill("browser-bob");
            page.locator("#create-user input[name=password]").fill("bob-browser-pw");
            page.locator("#create-user select[name=role]").selectOption("USER");
            page.locator("#create-user button").click();
            page.waitForLoadState();
            assertThat(page.locator(".notice").textContent()).contains("browser-bob").contains("created");
            assertThat(page.locator("tr[data-username=browser-bob]").count()).isOne();

            page.onceDialog(dialog -> {
                assertThat(dialog.message()).contains("browser-tmp");
                dialog.accept();
            });
            page.locator("tr[data-username=browser-tmp] button.danger").click();
            page.waitForURL("**/admin/users?done=deleted*");
            assertThat(page.locator("tr[data-username=browser-tmp]").count()).isZero();
            screenshot(page, "security-users.png");

            page.locator("header.topbar nav a", new Page.LocatorOptions().setHasText("API keys")).click();
            page.waitForURL("**/admin/keys");
            page.locator("#create-key input[name=name]").fill("browser-ci");
            page.locator("#create-key button").click();
            page.waitForSelector("#new-key");
            String key = page.locator("#new-key").inputValue();
            assertThat(key).isNotBlank();
            assertThat(page.evaluate("() => document.activeElement.id")).as("the new key is selected to copy")
                    .isEqualTo("new-key");
            screenshot(page, "security-keys.png");
            page.onceDialog(dialog -> {
                assertThat(dialog.message()).contains("browser-ci");
                dialog.accept();
            });
            page.locator("tr[data-name=browser-ci] button.danger").click();
            page.waitForURL("**/admin/keys?revoked=*");
            assertThat(page.locator(".notice").textContent()).contains("browser-ci", "revoked");

            page.locator("header.topbar a.user").click();
            page.waitForURL("**/account");
            assertThat(page.locator("h1").textContent()).isEqualTo("Your account");
            screenshot(page, "security-account.png");

            page.locator("header.topbar button", new Page.LocatorOptions().setHasText("Sign out")).click();
            page.waitForLoadState();
            assertThat(page.url()).isEqualTo(url("/"));

            page.navigate(url("/login"));
            signIn(page, "browser-bob", "bob-browser-pw");
            Response admin = page.navigate(url("/admin"));
            assertThat(admin.status()).isEqualTo(403);
            assertThat(page.locator("h1").textContent()).isEqualTo("You may not open this page");
            assertThat(page.locator(".denied").textContent()).contains("browser-bob").contains("USER");
            screenshot(page, "security-forbidden.png");
        }
        assertThat(cspViolations).isEmpty();
        assertThat(accounts.findByUsername("browser-bob")).isPresent();
        assertThat(accounts.findByUsername("browser-tmp")).isEmpty();
    }

    @Test
    void swaggerUiStillWorksUnderTheContentSecurityPolicy() {
        List<String> violations = new ArrayList<>();
        try (var context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.onConsoleMessage(m -> {
                if (m.text().contains("Content Security Policy")) {
                    violations.add(m.text());
                }
            });
            page.navigate(url("/swagger-ui.html"));
            page.locator(".opblock-tag").first().waitFor();
            assertThat(page.locator(".opblock-tag").count()).isPositive();
        }
        assertThat(violations).isEmpty();
    }
}

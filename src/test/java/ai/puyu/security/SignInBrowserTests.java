package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In headless Chromium (Debian's {@code /usr/bin/chromium}, driven by Playwright): the administrator signs in,
 * creates a user and deletes another (through the confirm dialog of the page's script), signs out; the new user
 * signs in and is refused the admin pages. No Content-Security-Policy violation on these pages. Screenshots go to
 * {@code target/screenshots/}. Without Chromium the test is skipped, except where {@code CI} is set.
 */
class SignInBrowserTests extends SecurityTestBase {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                throw new IllegalStateException(CHROMIUM + " is missing; CI is set, so the browser tests must run"
                        + " (apt-get install chromium)");
            }
            assumeThat(Files.isExecutable(CHROMIUM)).as(CHROMIUM + " (apt-get install chromium)").isTrue();
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static void screenshot(Page page, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true));
    }

    private static void signIn(Page page, String username, String password) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForLoadState();
    }

    @Test
    void anAdministratorCreatesAUserWhoIsThenRefusedTheAdminPages() throws Exception {
        accounts.findByUsername("browser-bob").ifPresent(u -> accounts.delete("admin", u.id()));
        user("browser-tmp", UserRole.USER);
        List<String> cspViolations = new ArrayList<>();
        try (var context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
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

            page.locator(".admin-nav button", new Page.LocatorOptions().setHasText("Sign out")).click();
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
        try (var context = browser.newContext()) {
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

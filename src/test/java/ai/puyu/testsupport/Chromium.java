package ai.puyu.testsupport;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Debian Chromium ({@code /usr/bin/chromium}) driven by Playwright, which downloads no browser. Where
 * Chromium is missing the calling test class is skipped with the reason, except where {@code CI} is set: there it
 * fails. Screenshots go to {@code target/screenshots/}.
 */
public final class Chromium implements AutoCloseable {

    /** Debian's Chromium. */
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    /** Where {@link #screenshot} writes. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts Chromium, or skips the test class (fails it where {@code CI} is set) when it is not installed. */
    public static Chromium launchOrSkip() {
        if (!Files.isExecutable(EXECUTABLE)) {
            if (Ci.isSet()) {
                throw new IllegalStateException(EXECUTABLE + " is missing and CI is set, so the browser tests must"
                        + " run: apt-get install chromium");
            }
            Assumptions.abort(EXECUTABLE + " is missing; browser tests skipped (apt-get install chromium)");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
        return new Chromium(playwright, browser);
    }

    /** The browser, for new contexts. */
    public Browser browser() {
        return browser;
    }

    /** A full-page screenshot as {@code target/screenshots/NAME}. */
    public static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}

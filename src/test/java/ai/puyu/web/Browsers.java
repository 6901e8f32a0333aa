package ai.puyu.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by Playwright, which is told never to download a browser of its own.
 * Screenshots go to {@code target/screenshots}.
 */
final class Browsers {

    /** Where Debian installs Chromium ({@code apt-get install chromium}). */
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Where the tests save their screenshots. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browsers() {
    }

    /** Playwright without browser downloads. */
    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Headless Chromium from {@link #CHROMIUM}. */
    static Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
    }

    /** A fresh browser profile (its own cookies) with a desktop-sized window. */
    static BrowserContext desktop(Browser browser, String baseUrl) {
        return browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(1280, 800)
                .setLocale("en-US"));
    }

    /** Saves the page as {@code target/screenshots/NAME.png}. */
    static Path screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
        return file;
    }
}

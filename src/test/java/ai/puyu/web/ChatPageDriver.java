package ai.puyu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One browser profile on the chat page: what a person does there, and what the tests read back. */
final class ChatPageDriver implements AutoCloseable {

    /** Long enough for a 2000-token reply of the tiny model on a busy 2-core machine. */
    static final double REPLY_TIMEOUT_MS = 90_000;

    /** How often page conditions are checked: a timer, not animation frames (see chat.js). */
    static final double POLL_MS = 50;

    private static final Pattern CONVERSATION_URL = Pattern.compile("/c/(\\d+)$");

    final BrowserContext context;
    final Page page;
    /** Uncaught script errors of the page. */
    final List<String> errors = new ArrayList<>();
    /** Content-Security-Policy violations the page reported. */
    final List<String> cspViolations = new ArrayList<>();

    ChatPageDriver(Browser browser, String baseUrl) {
        this(Browsers.desktop(browser, baseUrl));
    }

    ChatPageDriver(BrowserContext context) {
        this.context = context;
        this.context.setDefaultTimeout(30_000);
        this.page = context.newPage();
        page.onPageError(errors::add);
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy") || m.text().contains("Content-Security-Policy")) {
                cspViolations.add(m.text() + " (at " + m.location() + ")");
            }
        });
    }

    /** Opens a path of the page and waits until its script has loaded the conversations. */
    ChatPageDriver open(String path) {
        page.navigate(path);
        waitReady();
        return this;
    }

    void waitReady() {
        page.waitForSelector("body.ready", new Page.WaitForSelectorOptions().setState(
                com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
    }

    Locator input() {
        return page.locator("#input");
    }

    Locator replies() {
        return page.locator("#messages .msg-assistant");
    }

    Locator userMessages() {
        return page.locator("#messages .msg-user");
    }

    Locator lastReply() {
        return replies().last();
    }

    Locator error() {
        return page.locator("#composer-error");
    }

    /** Types the text and presses Enter. */
    void send(String text) {
        input().fill(text);
        input().press("Enter");
    }

    /** Waits until the script expression (given {@code arg}) is true, checking every {@link #POLL_MS}. */
    void waitFor(String expression, Object arg, double timeoutMs) {
        page.waitForFunction(expression, arg, new Page.WaitForFunctionOptions().setTimeout(timeoutMs)
                .setPollingInterval(POLL_MS));
    }

    /** {@link #waitFor(String, Object, double)} with no argument and the default timeout. */
    void waitFor(String expression) {
        waitFor(expression, null, 30_000);
    }

    /** Waits until the page shows {@code count} stored replies (with their ids) and none streams. */
    void waitForReplies(int count) {
        waitFor("n => document.querySelectorAll('#messages .msg-assistant[data-id]').length === n"
                + " && !document.body.classList.contains('busy')"
                + " && document.querySelectorAll('#messages .cursor').length === 0", count, REPLY_TIMEOUT_MS);
    }

    /** Sends and waits for its stored reply. */
    void sendAndWait(String text) {
        int before = page.locator("#messages .msg-assistant[data-id]").count();
        send(text);
        waitForReplies(before + 1);
    }

    /**
     * Moves a slider as a person would: with the keyboard (Home or End, then arrow keys, one step each) when the
     * value is a few steps from an end, else by dragging (the value set with the events a drag fires).
     *
     * @return the value the page shows next to the slider
     */
    String setSlider(String id, double value) {
        Locator slider = page.locator("#" + id);
        double min = Double.parseDouble(slider.getAttribute("min"));
        double max = Double.parseDouble(slider.getAttribute("max"));
        double step = Double.parseDouble(slider.getAttribute("step"));
        long fromMin = Math.round((value - min) / step);
        long fromMax = Math.round((max - value) / step);
        slider.focus();
        if (Math.min(fromMin, fromMax) > 100) {
            slider.evaluate("(e, v) => { e.value = v; e.dispatchEvent(new Event('input', {bubbles: true}));"
                    + " e.dispatchEvent(new Event('change', {bubbles: true})); }", String.valueOf(value));
        } else if (fromMin <= fromMax) {
            slider.press("Home");
            for (long i = 0; i < fromMin; i++) {
                slider.press("ArrowRight");
            }
        } else {
            slider.press("End");
            for (long i = 0; i < fromMax; i++) {
                slider.press("ArrowLeft");
            }
        }
        return page.locator("#" + id + "-value").textContent();
    }

    /** The id of the open conversation, from the address bar. */
    long conversationId() {
        Matcher m = CONVERSATION_URL.matcher(page.url());
        assertThat(m.find()).as("a conversation is open: %s", page.url()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** This profile's visitor cookie. */
    String visitor() {
        List<Cookie> cookies = context.cookies();
        return cookies.stream().filter(c -> c.name.equals("puyu_visitor")).map(c -> c.value).findFirst()
                .orElseThrow(() -> new AssertionError("no puyu_visitor cookie in " + cookies.size() + " cookies"));
    }

    /** The conversations' owner name of this profile. */
    String owner() {
        return "visitor:" + visitor();
    }

    /** Clicks a message's copy button and returns what landed on the clipboard. */
    String copy(Locator message) {
        message.hover();
        message.locator(".msg-action.copy").click();
        return (String) page.evaluate("() => navigator.clipboard.readText()");
    }

    /** No uncaught script error, and nothing the Content-Security-Policy had to block. */
    void assertNoProblems() {
        assertThat(errors).as("uncaught script errors").isEmpty();
        assertThat(cspViolations).as("Content-Security-Policy violations").isEmpty();
    }

    @Override
    public void close() {
        context.close();
    }
}

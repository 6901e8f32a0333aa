package ai.puyu.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.conversation.Conversation;
import ai.puyu.conversation.ConversationNotFoundException;
import ai.puyu.conversation.NewConversation;
import ai.puyu.conversation.Role;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.ColorScheme;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chat page in headless Chromium: Markdown rendered and sanitized, visitors kept apart, errors shown inline
 * without losing the typed text, the sidebar's rename and delete, and the narrow-screen sidebar.
 */
@RequiresChromium
class ChatPageSafetyBrowserTests extends ChatPageBrowserTestBase {

    static final String MARKDOWN_QUESTION = "How do I reverse a string in Python? Compare the ways in a table.";

    /** A reply as a real model writes it (the demo model's replies are noise). */
    static final String MARKDOWN_REPLY = """
            ## Reversing a string

            The shortest way is a **slice** with a step of `-1`:

            ```python
            def reverse(text: str) -> str:
                # a slice from the end to the start
                return text[::-1]

            print(reverse("Puyu"))  # uyuP
            ```

            | way | code | speed |
            |---|---|---|
            | slice | `s[::-1]` | fastest |
            | `reversed` | `"".join(reversed(s))` | fast |
            | loop | `for c in s: r = c + r` | slow |

            Things to keep in mind:
            - strings are immutable: each way builds a new one
            - combining characters (such as accents) may end up on the wrong letter
            """;

    /** Markdown with everything a page must not run. */
    static final String HOSTILE_REPLY = """
            Here is **bold** text.

            <script>window.__xss = 'script';</script>
            <img src="x" onerror="window.__xss = 'img'">
            <a href="javascript:window.__xss='link'">a raw link</a>

            [a markdown link](javascript:window.__xss='md-link')

            <iframe src="/"></iframe>
            <svg><script>window.__xss = 'svg'</script></svg>
            <div onclick="window.__xss = 'click'">click me</div>
            <style>body { display: none; }</style>
            <form action="/api/conversations" method="post"><button>go</button></form>
            """;

    static final String HOSTILE_MESSAGE = "Look: <img src=x onerror=\"window.__xss='user'\"><script>window.__xss='u'</script>";


    /** A stored conversation of this profile's visitor with the given user message and reply. */
    private long storedConversation(String title, String question, String reply) {
        chat.open("/");
        String owner = chat.owner();
        Conversation c = conversations.create(owner, new NewConversation(title, null, MODEL, "cpu", null));
        conversations.appendMessage(owner, c.id(), Role.USER, question);
        conversations.appendMessage(owner, c.id(), Role.ASSISTANT, reply);
        return c.id();
    }

    @Test
    void repliesAreRenderedAsMarkdownWithHighlightedCodeTablesAndLists() {
        long id = storedConversation("Reversing a string", MARKDOWN_QUESTION, MARKDOWN_REPLY);
        chat.open("/c/" + id);
        Locator reply = chat.lastReply().locator(".content");
        assertThat(reply.locator("h2")).hasText("Reversing a string");
        assertThat(reply.locator("strong")).hasText("slice");
        assertThat(reply.locator(".code-block .code-header span")).hasText("python");
        assertThat(reply.locator(".code-block code .hljs-keyword").first()).hasText("def");
        assertThat(reply.locator(".code-block code .hljs-comment").first()).containsText("a slice from the end");
        assertThat(reply.locator("table th")).hasText(new String[] {"way", "code", "speed"});
        assertThat(reply.locator("table tbody tr")).hasCount(3);
        assertThat(reply.locator("ul li")).hasCount(2);
        assertThat(reply.locator("p code").first()).hasText("-1");

        chat.page.setViewportSize(1280, 860);
        chat.page.locator("#messages").evaluate("m => m.scrollTop = 0");
        chat.page.locator("#input").focus();
        Browsers.screenshot(chat.page, "chat-markdown");
        chat.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        chat.page.waitForTimeout(500); // the colours' transitions
        Browsers.screenshot(chat.page, "chat-markdown-dark");

        reply.locator(".code-copy").click();
        assertThat(reply.locator(".code-copy")).hasText("Copied");
        assertThat((String) chat.page.evaluate("() => navigator.clipboard.readText()"))
                .startsWith("def reverse(text: str) -> str:").contains("print(reverse(\"Puyu\"))");
        assertThat(chat.copy(chat.lastReply())).isEqualTo(MARKDOWN_REPLY);
        chat.assertNoProblems();
    }

    @Test
    void scriptsAndEventHandlersInARepliesOrAMessageStayInert() {
        long id = storedConversation("Hostile", HOSTILE_MESSAGE, HOSTILE_REPLY);
        chat.open("/c/" + id);
        Locator contents = chat.page.locator("#messages .content");
        assertThat(chat.lastReply().locator("strong")).hasText("bold");
        assertThat(chat.lastReply().locator(".content")).containsText("click me");
        chat.waitFor("() => [...document.querySelectorAll('#messages .content img')].every(i => i.complete)");

        assertThat(contents.locator("script, iframe, style, form, svg, object, embed")).hasCount(0);
        assertThat(contents.locator("[onerror], [onclick], [onload], [style]")).hasCount(0);
        assertThat(contents.locator("a[href^='javascript' i]")).hasCount(0);
        assertThat(contents.locator("img")).hasCount(1);
        chat.lastReply().getByText("a raw link").click();
        chat.lastReply().getByText("a markdown link").click();
        chat.lastReply().getByText("click me").click();
        assertThat(chat.page.locator("body")).isVisible();
        assertThat(chat.page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");

        // the user's text is shown as it was typed, as text
        assertThat(chat.userMessages().first().locator(".content")).hasText(HOSTILE_MESSAGE);
        assertThat(chat.userMessages().locator("img")).hasCount(0);
        assertThat(chat.page).hasURL(Pattern.compile(".*/c/" + id + "$"));
        // Chromium reports the handlers DOMPurify's inert parse document holds (they never run there) as CSP
        // violations; what matters is that nothing ran and nothing failed
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void twoBrowserProfilesCannotSeeEachOthersConversations() {
        chat.open("/");
        chat.setSlider("max-length", 8);
        chat.sendAndWait("My secret plans");
        long id = chat.conversationId();

        try (ChatPageDriver other = new ChatPageDriver(browser, baseUrl())) {
            other.open("/");
            assertThat(other.visitor()).isNotEqualTo(chat.visitor());
            assertThat(other.page.locator("#history-empty")).isVisible();
            assertThat(other.page.locator(".conv")).hasCount(0);

            other.open("/c/" + id);
            assertThat(other.error()).containsText("does not exist, or it is not yours");
            assertThat(other.page.locator("#messages .msg")).hasCount(0);
            assertThat(other.page).hasURL(Pattern.compile(".*/$"));
            assertThat(other.page.content()).doesNotContain("My secret plans");
            other.assertNoProblems();
        }
        chat.page.reload();
        chat.waitReady();
        assertThat(chat.userMessages().first().locator(".content")).hasText("My secret plans");
    }

    @Test
    void aRefusedMessageIsExplainedInlineAndTheTypedTextIsKept() {
        chat.open("/");
        chat.setSlider("max-length", 16);
        String tooLong = "word ".repeat(CONTEXT + 500).strip();
        chat.send(tooLong);
        assertThat(chat.error()).isVisible();
        assertThat(chat.error()).containsText("context limit is " + CONTEXT + " tokens");
        assertThat(chat.error()).containsText("start a new chat");
        assertThat(chat.input()).hasValue(tooLong);
        assertThat(chat.input()).isEnabled();
        assertThat(chat.page.locator("#messages .msg")).hasCount(0);
        // nothing was kept: no empty conversation is left behind
        assertThat(chat.page.locator(".conv")).hasCount(0);
        assertThat(conversations.list(chat.owner(), 0, 10).getTotalElements()).isZero();
        Browsers.screenshot(chat.page, "chat-error");

        chat.sendAndWait("A short one");
        assertThat(chat.error()).isHidden();
        long id = chat.conversationId();

        // the server is gone: the message is taken back into the input
        chat.page.route("**/api/**", Route::abort);
        chat.send("Are you there?");
        assertThat(chat.error()).containsText("Cannot reach the server");
        assertThat(chat.input()).hasValue("Are you there?");
        assertThat(chat.userMessages()).hasCount(1);
        chat.page.unroute("**/api/**");

        chat.input().press("Enter");
        chat.waitFor("() => document.querySelectorAll('#messages .msg-assistant[data-id]').length === 2"
                + " && !document.body.classList.contains('busy')", null, ChatPageDriver.REPLY_TIMEOUT_MS);
        assertThat(chat.error()).isHidden();
        assertThat(conversations.get(chat.owner(), id).messages()).hasSize(4);
    }

    @Test
    void conversationsAreRenamedAndDeletedFromTheSidebar() {
        chat.open("/");
        chat.setSlider("max-length", 8);
        chat.sendAndWait("First chat");
        long first = chat.conversationId();
        chat.page.locator("#new-chat").click();
        chat.sendAndWait("Second chat");
        long second = chat.conversationId();
        assertThat(chat.page.locator(".conv .conv-open")).hasText(new String[] {"Second chat", "First chat"});

        Locator row = chat.page.locator(".conv[data-id='" + second + "']");
        row.hover();
        row.locator(".conv-rename").click();
        Locator title = row.locator(".conv-title-input");
        title.fill("Renamed chat");
        title.press("Enter");
        assertThat(row.locator(".conv-open")).hasText("Renamed chat");
        assertThat(chat.page.locator("#conversation-title")).hasText("Renamed chat");
        assertThat(conversations.get(chat.owner(), second).conversation().title()).isEqualTo("Renamed chat");

        Locator other = chat.page.locator(".conv[data-id='" + first + "']");
        other.hover();
        other.locator(".conv-delete").click();
        assertThat(other.locator(".conv-delete")).hasText("Delete?");
        other.locator(".conv-delete").click();
        assertThat(other).hasCount(0);
        assertThatThrownBy(() -> conversations.get(chat.owner(), first))
                .isInstanceOf(ConversationNotFoundException.class);

        // deleting the open conversation leaves a new chat
        row.hover();
        row.locator(".conv-delete").click();
        row.locator(".conv-delete").click();
        assertThat(chat.page.locator("#empty-state")).isVisible();
        assertThat(chat.page).hasURL(Pattern.compile(".*/$"));
        assertThat(chat.page.locator("#history-empty")).isVisible();
        chat.assertNoProblems();
    }

    @Test
    void onANarrowScreenTheSidebarSlidesInFromTheMenuButton() {
        BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl())
                .setViewportSize(390, 844).setIsMobile(true).setHasTouch(true));
        try (ChatPageDriver small = new ChatPageDriver(phone)) {
            small.open("/");
            Locator sidebar = small.page.locator("#sidebar");
            assertThat(offScreen(sidebar.boundingBox())).isTrue();
            assertThat(small.input()).isVisible();
            small.page.locator("#menu-button").click();
            small.waitFor("() => document.getElementById('sidebar').getBoundingClientRect().left >= 0");
            assertThat(small.page.locator("#new-chat")).isInViewport();
            Browsers.screenshot(small.page, "chat-narrow-sidebar");
            small.page.locator("#close-sidebar").click();
            small.waitFor("() => document.getElementById('sidebar').getBoundingClientRect().right <= 0");
            Browsers.screenshot(small.page, "chat-narrow");
            small.assertNoProblems();
        }
    }

    private static boolean offScreen(BoundingBox box) {
        return box.x + box.width <= 0;
    }
}

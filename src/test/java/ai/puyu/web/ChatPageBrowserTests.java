package ai.puyu.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageStatus;
import ai.puyu.conversation.Role;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Request;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The chat page in headless Chromium against Puyu with the tiny demo model: replies stream in and end, Stop,
 * Regenerate, the sliders, Clear Chat History, reloading, copying and the statistics on hover.
 */
@RequiresChromium
class ChatPageBrowserTests extends ChatPageBrowserTestBase {

    /** Records, on every change of the conversation, the last reply's text length, cursor and input state. */
    private static final String RECORDER = """
            () => {
              window.__samples = [];
              new MutationObserver(() => {
                const replies = document.querySelectorAll('#messages .msg-assistant');
                const last = replies[replies.length - 1];
                if (!last) return;
                const content = last.querySelector('.content');
                const cursor = content.querySelector('.cursor');
                window.__samples.push({length: content.textContent.replace('▌', '').length, cursor: cursor != null,
                  inputDisabled: document.getElementById('input').disabled});
              }).observe(document.getElementById('messages'), {childList: true, subtree: true, characterData: true});
            }""";

    @Autowired
    ObjectMapper json;

    private List<Message> stored() {
        return conversations.get(chat.owner(), chat.conversationId()).messages();
    }

    @Test
    void aReplyStreamsInTokenByTokenBehindACursorThatDisappearsWhenItEnds() {
        chat.open("/");
        assertThat(chat.page.locator("#empty-state")).isVisible();
        assertThat(chat.page.locator("#demo-notice")).containsText("PUYU_MODEL=");
        Browsers.screenshot(chat.page, "chat-empty");
        assertThat(chat.setSlider("temperature", 0)).isEqualTo("0.00");
        assertThat(chat.setSlider("max-length", 6000)).isEqualTo("6000");
        chat.page.evaluate(RECORDER);

        chat.input().fill("line one");
        chat.input().press("Shift+Enter");
        chat.input().pressSequentially("line two");
        assertThat(chat.input()).hasValue("line one\nline two");
        chat.input().press("Enter");
        chat.waitForReplies(1);

        assertThat(chat.userMessages()).hasCount(1);
        assertThat(chat.userMessages().first().locator(".content")).hasText("line one\nline two");
        assertThat(chat.page.locator("#messages .cursor")).hasCount(0);
        assertThat(chat.input()).isEnabled();
        assertThat(chat.page.locator("#stop-button")).isHidden();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) chat.page.evaluate("() => window.__samples");
        List<Map<String, Object>> streaming = samples.stream().filter(s -> (Boolean) s.get("cursor")).toList();
        assertThat(streaming.stream().map(s -> ((Number) s.get("length")).intValue()).filter(n -> n > 0).distinct()
                .count()).as("the reply grew in steps behind the cursor").isGreaterThanOrEqualTo(3);
        assertThat(streaming).allMatch(s -> (Boolean) s.get("inputDisabled"));

        List<Message> messages = stored();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).content()).isEqualTo("line one\nline two");
        Message reply = messages.get(1);
        assertThat(reply.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(reply.sampling().temperature()).isZero();
        assertThat(reply.sampling().maxNewTokens()).isEqualTo(6000);
        assertThat(chat.lastReply().getAttribute("data-id")).isEqualTo(String.valueOf(reply.id()));
        assertThat(chat.copy(chat.lastReply())).isEqualTo(reply.content()).isNotEmpty();
        assertThat(chat.copy(chat.userMessages().first())).isEqualTo("line one\nline two");

        Locator stats = chat.lastReply().locator(".msg-stats");
        chat.page.locator("#conversation-title").hover();
        assertThat(stats).not().isVisible();
        chat.lastReply().locator(".msg-stats-icon").hover();
        assertThat(stats).isVisible();
        assertThat(stats).containsText(String.format(Locale.US, "%,d tokens", reply.stats().completionTokens()));
        assertThat(stats).containsText("first token");
        assertThat(stats).containsText("tokens/s");
        assertThat(stats).containsText(String.format(Locale.US, "%,d of %,d prompt tokens reused from the cache",
                reply.stats().cachedTokens(), reply.stats().promptTokens()));
        Browsers.screenshot(chat.page, "chat-finished");
        chat.assertNoProblems();
    }

    @Test
    void stopHaltsAReplyMidwayAndThePartialReplyStaysAndIsStored() {
        chat.open("/");
        chat.setSlider("temperature", 0);
        chat.setSlider("max-length", 6000);
        chat.send("Tell me a long story");
        chat.waitFor("() => { const r = document.querySelector('#messages .msg-assistant .content');"
                + " return r && r.querySelector('.cursor') && r.textContent.length > 40; }");
        assertThat(chat.input()).isDisabled();
        assertThat(chat.page.locator("#stop-button")).isVisible();
        Browsers.screenshot(chat.page, "chat-streaming");
        chat.page.locator("#stop-button").click();
        chat.waitForReplies(1);

        assertThat(chat.lastReply().locator(".msg-notice")).containsText("Stopped");
        assertThat(chat.input()).isEnabled();
        Message reply = stored().get(1);
        assertThat(reply.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(reply.stats().completionTokens()).isBetween(1, 5999);
        assertThat(reply.content().length()).isGreaterThan(40);
        assertThat(chat.copy(chat.lastReply())).isEqualTo(reply.content());
        chat.assertNoProblems();
    }

    @Test
    void regenerateReplacesTheLastReplyWithANewOne() {
        chat.open("/");
        chat.setSlider("max-length", 24);
        chat.sendAndWait("Hi there");
        String first = chat.lastReply().getAttribute("data-id");
        assertThat(chat.page.locator("#messages .regenerate:visible")).hasCount(1);

        chat.lastReply().hover();
        chat.lastReply().locator(".regenerate").click();
        chat.waitFor("old => { const r = document.querySelectorAll('#messages .msg-assistant');"
                + " return r.length === 1 && r[0].dataset.id && r[0].dataset.id !== old"
                + " && !document.body.classList.contains('busy'); }", first, ChatPageDriver.REPLY_TIMEOUT_MS);

        List<Message> messages = stored();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).role()).isEqualTo(Role.ASSISTANT);
        assertThat(String.valueOf(messages.get(1).id())).isEqualTo(chat.lastReply().getAttribute("data-id"))
                .isNotEqualTo(first);
        assertThat(chat.userMessages()).hasCount(1);
        chat.assertNoProblems();
    }

    @Test
    void theSlidersAndTheSystemPromptReachTheRequestAndStayWithTheConversation() {
        chat.open("/");
        assertThat(chat.setSlider("max-length", 16)).isEqualTo("16");
        assertThat(chat.setSlider("top-p", 0.5)).isEqualTo("0.50");
        assertThat(chat.setSlider("temperature", 0.35)).isEqualTo("0.35");
        chat.page.locator("#system-prompt").fill("Answer in one word.");

        Request request = chat.page.waitForRequest(Pattern.compile(".*/api/conversations/\\d+/messages$"),
                () -> chat.send("What is the capital of France?"));
        JsonNode body = json.readTree(request.postData());
        assertThat(body.get("content").stringValue()).isEqualTo("What is the capital of France?");
        assertThat(body.get("maxNewTokens").intValue()).isEqualTo(16);
        assertThat(body.get("topP").doubleValue()).isEqualTo(0.5);
        assertThat(body.get("temperature").doubleValue()).isEqualTo(0.35);
        assertThat(body.get("systemPrompt").stringValue()).isEqualTo("Answer in one word.");
        chat.waitForReplies(1);

        var conversation = conversations.get(chat.owner(), chat.conversationId());
        Message reply = conversation.messages().get(1);
        assertThat(reply.sampling().maxNewTokens()).isEqualTo(16);
        assertThat(reply.sampling().topP()).isEqualTo(0.5);
        assertThat(reply.sampling().temperature()).isEqualTo(0.35);
        assertThat(reply.stats().completionTokens()).isBetween(1, 16);
        assertThat(conversation.conversation().settings().systemPrompt()).isEqualTo("Answer in one word.");
        assertThat(conversation.conversation().title()).isEqualTo("What is the capital of France?");

        // a change is kept with the conversation: after a reload the sliders show it
        chat.page.waitForResponse(r -> r.request().method().equals("PATCH") && r.status() == 200,
                () -> chat.setSlider("temperature", 0.9));
        assertThat(conversations.get(chat.owner(), chat.conversationId()).conversation().settings().temperature())
                .isEqualTo(0.9);
        chat.page.reload();
        chat.waitReady();
        chat.page.waitForSelector("#messages .msg-assistant");
        assertThat(chat.page.locator("#temperature")).hasValue("0.9");
        assertThat(chat.page.locator("#temperature-value")).hasText("0.90");
        assertThat(chat.page.locator("#max-length-value")).hasText("16");
        assertThat(chat.page.locator("#top-p-value")).hasText("0.50");
        assertThat(chat.page.locator("#system-prompt")).hasValue("Answer in one word.");
        chat.assertNoProblems();
    }

    @Test
    void clearChatHistoryEmptiesTheOpenConversationAndKeepsIt() {
        chat.open("/");
        chat.setSlider("max-length", 12);
        chat.sendAndWait("Remember this");
        long id = chat.conversationId();
        assertThat(chat.page.locator("#clear-history")).isEnabled();

        chat.page.locator("#clear-history").click();
        assertThat(chat.page.locator("#empty-state")).isVisible();
        assertThat(chat.page.locator("#messages .msg")).hasCount(0);
        assertThat(chat.page.locator("#clear-history")).isDisabled();
        assertThat(conversations.get(chat.owner(), id).messages()).isEmpty();
        assertThat(chat.page.locator(".conv[data-id='" + id + "']")).hasCount(1);

        chat.sendAndWait("Start again");
        assertThat(chat.conversationId()).isEqualTo(id);
        assertThat(conversations.get(chat.owner(), id).messages()).extracting(Message::content)
                .startsWith("Start again").hasSize(2);
        chat.assertNoProblems();
    }

    @Test
    void reloadingRestoresTheOpenConversationFromTheDatabase() {
        chat.open("/");
        chat.setSlider("max-length", 12);
        chat.sendAndWait("First question");
        chat.sendAndWait("Second question");
        long id = chat.conversationId();
        List<Message> before = stored();
        assertThat(before).hasSize(4);

        chat.page.reload();
        chat.waitReady();
        assertThat(chat.page).hasURL(Pattern.compile(".*/c/" + id + "$"));
        assertThat(chat.userMessages()).hasCount(2);
        assertThat(chat.replies()).hasCount(2);
        assertThat(chat.userMessages().nth(1).locator(".content")).hasText("Second question");
        assertThat(chat.lastReply()).hasAttribute("data-id", String.valueOf(before.get(3).id()));
        assertThat(chat.page.locator("#conversation-title")).hasText("First question");
        assertThat(chat.page.locator(".conv.active .conv-open")).hasText("First question");

        // a new chat, then the conversation again from the sidebar
        chat.page.locator("#new-chat").click();
        assertThat(chat.page.locator("#empty-state")).isVisible();
        assertThat(chat.page).hasURL(Pattern.compile(".*/$"));
        chat.page.locator(".conv[data-id='" + id + "'] .conv-open").click();
        assertThat(chat.replies()).hasCount(2);
        assertThat(chat.page).hasURL(Pattern.compile(".*/c/" + id + "$"));
        chat.assertNoProblems();
    }
}

package ai.puyu.web;

import ai.puyu.conversation.ConversationService;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Browser tests of the chat page: one headless Chromium per class, a fresh browser profile (its own visitor
 * cookie) with clipboard access per test, driven through {@link ChatPageDriver}.
 */
abstract class ChatPageBrowserTestBase extends ChatPageTestBase {

    static Playwright playwright;
    static Browser browser;

    @Autowired
    ConversationService conversations;

    ChatPageDriver chat;

    @BeforeAll
    static void launch() {
        playwright = Browsers.playwright();
        browser = Browsers.chromium(playwright);
    }

    @AfterAll
    static void quit() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openProfile() {
        chat = new ChatPageDriver(browser, baseUrl());
        chat.context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
    }

    @AfterEach
    void closeProfile() {
        chat.close();
    }
}

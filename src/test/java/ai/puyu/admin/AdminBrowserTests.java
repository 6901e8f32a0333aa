package ai.puyu.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.GenerationStats;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageOutcome;
import ai.puyu.conversation.NewConversation;
import ai.puyu.testsupport.Chromium;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The review pages in headless Chromium ({@link Chromium}): a reviewer signs in through the sign-in form, searches,
 * opens a transcript, rates a reply, exports, sees the dashboard's charts and no administrator's links; an
 * administrator, in a browser of their own, reads the audit log. Screenshots go to {@code target/screenshots/}.
 * Skipped when Chromium is missing, except where {@code CI} is set (then it fails).
 */
class AdminBrowserTests extends AdminWebTestBase {

    private static Chromium chromium;

    @Autowired
    ObjectMapper json;

    @BeforeAll
    static void launchChromium() {
        chromium = Chromium.launchOrSkip();
    }

    @AfterAll
    static void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Signs in through the sign-in form (which carries the CSRF token) and lands on the review list. */
    void signIn(Page page, String username) {
        page.navigate(baseUrl() + "/admin");
        page.waitForURL("**/login");
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(passwordOf(username));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL("**/admin");
        assertThat(page.locator("header.topbar .who").textContent()).contains(username);
    }

    /** Collects console errors (CSP violations among them), script errors and refused or failed responses. */
    private static List<String> watch(Page page) {
        List<String> problems = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                problems.add(m.text());
            }
        });
        page.onPageError(problems::add);
        page.onResponse(r -> {
            if (r.status() >= 400) {
                problems.add(r.status() + " " + r.url());
            }
        });
        return problems;
    }

    /**
     * Conversations on each of the last 13 days with varied statistics (and a failed reply), moved back in time,
     * so that the dashboard has a history to draw; returns how many.
     */
    private int seedHistory() {
        int count = 0;
        for (int day = 1; day <= 13; day++) {
            for (int k = 0; k < 1 + (day * 7) % 4; k++) {
                String owner = "history" + k;
                long id = conversations.create(owner, new NewConversation("Day " + day + " #" + k, null, "demo-tiny",
                        "cpu", null)).id();
                int prompt = 180 + 45 * k + 9 * day;
                for (int turn = 0; turn < 1 + k % 2; turn++) {
                    conversations.appendUserMessage(owner, id, "question " + turn);
                    Message reply = conversations.startAssistantMessage(owner, id, "demo-tiny", "cpu", SAMPLING);
                    MessageOutcome outcome = day == 4 && k == 0 && turn == 0
                            ? MessageOutcome.error("", "queue full", null)
                            : MessageOutcome.complete("answer " + turn, "stop", new GenerationStats(prompt + 60 * turn,
                                    24 + 3 * k, turn == 0 ? prompt / 4 : prompt, 55.0 + 17 * k + 3 * (day % 5) - 20 * turn,
                                    17.5 + k + (day % 3) * 1.5));
                    conversations.finishAssistantMessage(reply.id(), outcome);
                }
                backdate("conversation", "id", id, day, "created_at", "updated_at");
                backdate("message", "conversation_id", id, day, "created_at", "finished_at");
                count++;
            }
        }
        return count;
    }

    /** Moves the two time columns of the rows whose {@code key} is {@code id} back by {@code days}. */
    private void backdate(String table, String key, long id, int days, String first, String second) {
        jdbc.query("SELECT id, " + first + ", " + second + " FROM " + table + " WHERE " + key + " = ?", rs -> {
            OffsetDateTime a = rs.getObject(2, OffsetDateTime.class);
            OffsetDateTime b = rs.getObject(3, OffsetDateTime.class);
            jdbc.update("UPDATE " + table + " SET " + first + " = ?, " + second + " = ? WHERE id = ?",
                    a.minusDays(days), b == null ? null : b.minusDays(days), rs.getLong(1));
        }, id);
    }

    private static void screenshot(Page page, String name) {
        Chromium.screenshot(page, name);
    }

    @Test
    void aReviewerSearchesOpensATranscriptRatesAReplyAndExportsTheSelection() throws IOException {
        seed("alice", "Giant pandas", "You are a zoologist. Answer in the user's language.",
                "大熊猫每天吃多少竹子？", "成年大熊猫每天吃大约12到38公斤竹子。",
                "And in English?", "An adult giant panda eats roughly 12 to 38 kg of bamboo a day.");
        seed("bob", "Red pandas", null, "Are red pandas related to 大熊猫?",
                "Not closely: the red panda has its own family, Ailuridae.");
        seed("carol", "Sourdough", null, "How do I feed a starter?", "Equal weights of flour and water, daily.");
        for (int i = 0; i < 6; i++) {
            seed("dave", "Benchmark prompt " + i, null, "Count to " + i, "1 2 3");
        }

        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setAcceptDownloads(true).setViewportSize(1280, 900).setLocale("en-US"))) {
            Page page = context.newPage();
            List<String> problems = watch(page);
            signIn(page, REVIEWER);

            page.navigate(baseUrl() + "/admin");
            assertThat(page.locator("#total").textContent()).isEqualTo("9");
            page.fill("#q", "大熊猫");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
            page.waitForURL("**/admin?q=*");
            assertThat(page.locator("#total").textContent()).isEqualTo("2");
            assertThat(page.locator("table.list tbody tr").count()).isEqualTo(2);
            assertThat(page.locator("table.list").textContent()).contains("Giant pandas", "Red pandas")
                    .doesNotContain("Sourdough");
            screenshot(page, "admin-list.png");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Giant pandas")).click();
            page.waitForURL("**/admin/conversations/*");
            assertThat(page.locator("h1").textContent()).contains("Giant pandas");
            assertThat(page.locator("section.system-prompt").textContent()).contains("You are a zoologist.");
            assertThat(page.locator("article.msg").count()).isEqualTo(4);
            var reply = page.locator("article.role-assistant").first();
            assertThat(reply.textContent()).contains("成年大熊猫每天吃大约12到38公斤竹子。", "85.5 ms", "21.25 tok/s");
            reply.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("▲ Good")).click();
            page.waitForSelector("article.role-assistant[data-rating=good]");
            assertThat(page.locator("article.role-assistant").first().getAttribute("data-rating")).isEqualTo("good");
            assertThat(page.locator("article.role-assistant").nth(1).getAttribute("data-rating")).isNull();
            screenshot(page, "admin-transcript.png");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("← Conversations")).click();
            page.waitForURL("**/admin");
            page.selectOption("select[name=rating]", "good");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
            page.waitForURL("**rating=good*");
            assertThat(page.locator("#total").textContent()).isEqualTo("1");
            Download download = page.waitForDownload(() -> page.click("#export"));
            assertThat(download.suggestedFilename()).startsWith("puyu-conversations-").endsWith(".jsonl");
            Path file = download.path();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(1);
            JsonNode exported = json.readTree(lines.getFirst());
            assertThat(exported.get("title").asString()).isEqualTo("Giant pandas");
            assertThat(exported.get("messages").get(1).get("rating").asString()).isEqualTo("good");
            assertThat(exported.get("messages").get(1).get("content").asString()).isEqualTo("成年大熊猫每天吃大约12到38公斤竹子。");

            int history = seedHistory();
            page.navigate(baseUrl() + "/admin/dashboard?days=14");
            page.waitForSelector("#charts[data-drawn=true]");
            assertThat(page.locator("#total-conversations").textContent()).isEqualTo(Integer.toString(9 + history));
            assertThat(page.locator("#chart-error").isHidden()).isTrue();
            screenshot(page, "admin-dashboard.png");

            assertThat(page.locator("header.topbar nav a").allTextContents()).as("a reviewer's navigation")
                    .containsExactly("Conversations", "Dashboard");
            assertThat(problems).as("no script errors, CSP violations or refused resources").isEmpty();
        }

        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 900).setLocale("en-US"))) {
            Page page = context.newPage();
            List<String> problems = watch(page);
            signIn(page, ADMIN);
            assertThat(page.locator("header.topbar nav a").allTextContents()).as("an administrator's navigation")
                    .containsExactly("Conversations", "Dashboard", "Audit", "Users", "API keys");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit").setExact(true)).click();
            page.waitForURL("**/admin/audit");
            assertThat(page.locator("table.list").textContent()).contains("message.rate", "conversation.export",
                    "conversation.view", AuditLog.user(REVIEWER));
            screenshot(page, "admin-audit.png");
            assertThat(problems).as("no script errors, CSP violations or refused resources").isEmpty();
        }
    }
}

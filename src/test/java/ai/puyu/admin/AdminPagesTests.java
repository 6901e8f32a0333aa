package ai.puyu.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.audit.AuditLog;
import ai.puyu.testsupport.WebSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The review pages over real HTTP as a signed-in reviewer (an administrator where only ADMIN may): rendering, forms
 * with their CSRF field (post/redirect/get), errors as pages, what each role is shown, static resources, no inline
 * script.
 */
class AdminPagesTests extends AdminWebTestBase {

    private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern INLINE_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    /** A page as the reviewer. */
    private String page(String uri, HttpStatus status) {
        return page(reviewer, uri, status);
    }

    private String page(WebSession who, String uri, HttpStatus status) {
        byte[] body = who.open(uri).expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        String html = new String(body, StandardCharsets.UTF_8);
        assertNoInlineScript(html);
        return html;
    }

    private static void assertNoInlineScript(String html) {
        Matcher m = SCRIPT.matcher(html);
        while (m.find()) {
            assertThat(m.group(1)).as("every script has a src").contains("src=");
            assertThat(m.group(2)).as("no inline script body").isBlank();
        }
        assertThat(INLINE_HANDLER.matcher(html).find()).as("no inline event handlers").isFalse();
    }

    /** A form post as the reviewer, with the CSRF field as the page's form sends it. */
    private String postForm(String uri, MultiValueMap<String, String> form, HttpStatus status) {
        return postForm(reviewer, uri, form, status);
    }

    private String postForm(WebSession who, String uri, MultiValueMap<String, String> form, HttpStatus status) {
        var result = who.form(uri, form).expectStatus().isEqualTo(status).expectBody().returnResult();
        return status.is3xxRedirection() ? result.getResponseHeaders().getFirst(HttpHeaders.LOCATION)
                : new String(result.getResponseBody(), StandardCharsets.UTF_8);
    }

    private static MultiValueMap<String, String> form(String... pairs) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @Test
    void theListShowsMatchesCountsAndAnExportLinkForTheSameFilterAndABadFilterAsAMessage() {
        seed("alice", "Soup recipes", null, "How long do I boil 汤?", "Twenty minutes.");
        seed("bob", "Car repair", null, "My engine rattles", "Check the belt.");

        String all = page("/admin", HttpStatus.OK);
        assertThat(all).contains("Soup recipes", "Car repair", "Conversations");
        String soup = page("/admin?q=汤&user=alice", HttpStatus.OK);
        assertThat(soup).contains("Soup recipes").doesNotContain("Car repair");
        assertThat(soup).contains("href=\"/admin/export?q=%E6%B1%A4&amp;user=alice\"");
        assertThat(soup).contains("<strong id=\"total\">1</strong>");

        String bad = page("/admin?rating=superb", HttpStatus.BAD_REQUEST);
        assertThat(bad).contains("rating must be good, bad, rated or unrated, not &#39;superb&#39;")
                .contains("data-param=\"rating\"");
    }

    @Test
    void theTranscriptShowsEveryMessageWithItsStatisticsAndTheFormsRateFlagAndDelete() {
        long id = seed("alice", "Tea", "You are a tea expert.", "Green or black?", "Green, brewed at 80°C.");
        long reply = messageId(id, 1);

        String html = page("/admin/conversations/" + id, HttpStatus.OK);
        assertThat(html).contains("You are a tea expert.", "Green or black?", "Green, brewed at 80°C.", "85.5 ms",
                "21.25 tok/s", "demo-tiny on cpu", "finish: stop", "id=\"m" + reply + "\"");
        assertThat(html).contains("action=\"/admin/conversations/" + id + "/messages/" + reply + "/rating\"");

        assertThat(postForm("/admin/conversations/" + id + "/messages/" + reply + "/rating", form("rating", "bad"),
                HttpStatus.SEE_OTHER)).isEqualTo("/admin/conversations/" + id + "#m" + reply);
        assertThat(jdbc.queryForObject("SELECT rating FROM message WHERE id = ?", String.class, reply)).isEqualTo("bad");
        assertThat(page("/admin/conversations/" + id, HttpStatus.OK)).contains("rated bad", "data-rating=\"bad\"");
        assertThat(postForm("/admin/conversations/" + id + "/messages/" + reply + "/rating", form("rating", "none"),
                HttpStatus.SEE_OTHER)).endsWith("#m" + reply);
        assertThat(jdbc.queryForObject("SELECT rating FROM message WHERE id = ?", String.class, reply)).isNull();
        assertThat(postForm("/admin/conversations/" + (id + 1) + "/messages/" + reply + "/rating", form("rating", "good"),
                HttpStatus.NOT_FOUND)).contains("does not exist");

        postForm("/admin/conversations/" + id + "/flag", form("reason", "too short", "tags", "style, Brevity"),
                HttpStatus.SEE_OTHER);
        assertThat(jdbc.queryForList("SELECT tag FROM conversation_tag WHERE conversation_id = ? ORDER BY tag",
                String.class, id)).containsExactly("brevity", "style");
        assertThat(page("/admin/conversations/" + id, HttpStatus.OK)).contains("too short", "Clear flag");
        assertThat(postForm("/admin/conversations/" + id + "/flag", form("reason", ""), HttpStatus.BAD_REQUEST))
                .contains("reason is required");
        postForm("/admin/conversations/" + id + "/unflag", form(), HttpStatus.SEE_OTHER);
        assertThat(jdbc.queryForObject("SELECT flagged_at FROM conversation WHERE id = ?", Object.class, id)).isNull();

        postForm("/admin/conversations/" + id + "/delete", form("confirm", "true"), HttpStatus.FORBIDDEN);
        assertThat(postForm(admin, "/admin/conversations/" + id + "/delete", form("confirm", "true"),
                HttpStatus.SEE_OTHER)).isEqualTo("/admin?deleted=1");
        assertThat(page("/admin?deleted=1", HttpStatus.OK)).contains("Conversation deleted.");
        assertThat(page("/admin/conversations/" + id, HttpStatus.NOT_FOUND)).contains("conversation " + id + " does not exist");
        assertThat(page("/admin/conversations/tea", HttpStatus.BAD_REQUEST)).contains("id is not valid")
                .as("an error page keeps the top bar").contains(">" + REVIEWER + "<", "action=\"/logout\"");

        assertThat(jdbc.queryForList("SELECT DISTINCT actor FROM audit_entry", String.class))
                .containsExactlyInAnyOrder(AuditLog.user(REVIEWER), AuditLog.user(ADMIN));
        assertThat(jdbc.queryForList("SELECT action FROM audit_entry ORDER BY id", String.class)).containsExactly(
                AuditLog.CONVERSATION_VIEW, AuditLog.MESSAGE_RATE, AuditLog.CONVERSATION_VIEW, AuditLog.MESSAGE_RATE,
                AuditLog.CONVERSATION_FLAG, AuditLog.CONVERSATION_VIEW, AuditLog.CONVERSATION_UNFLAG,
                AuditLog.CONVERSATION_DELETE);
    }

    @Test
    void deletingAFilteredSetFromThePageNeedsTheConfirmationAndDeletesOnlyTheSelection() {
        seed("alice", "Spam one", null, "buy pills", "no");
        seed("alice", "Spam two", null, "buy pills now", "no");
        long keep = seed("bob", "Keep", null, "buy bread", "ok");
        postForm("/admin/conversations/delete", form("q", "pills", "confirm", "true"), HttpStatus.FORBIDDEN);
        assertThat(postForm(admin, "/admin/conversations/delete", form("q", "pills"), HttpStatus.BAD_REQUEST))
                .contains("tick the box");
        assertThat(postForm(admin, "/admin/conversations/delete", form("q", "pills", "confirm", "true"),
                HttpStatus.SEE_OTHER)).isEqualTo("/admin?deleted=2");
        assertThat(jdbc.queryForList("SELECT id FROM conversation", Long.class)).containsExactly(keep);
        assertThat(page("/admin?deleted=2", HttpStatus.OK)).contains("2 conversations deleted.");
    }

    @Test
    void aReviewerIsShownNoDeleteFormsNorAdministratorLinksAndAnAdministratorIsShownThem() {
        long id = seed("alice", "Who sees what", null, "Can I delete this?", "Only an administrator can.");
        String[] adminLinks = {"href=\"/admin/audit\"", "href=\"/admin/users\"", "href=\"/admin/keys\""};
        String deleteSelection = "action=\"/admin/conversations/delete\"";
        String deleteOne = "action=\"/admin/conversations/" + id + "/delete\"";

        String list = page("/admin", HttpStatus.OK);
        assertThat(list).contains("Who sees what", "href=\"/admin/dashboard\"", ">" + REVIEWER + "<",
                "action=\"/logout\"").doesNotContain(adminLinks).doesNotContain(deleteSelection, "class=\"danger\"");
        String transcript = page("/admin/conversations/" + id, HttpStatus.OK);
        assertThat(transcript).contains("Only an administrator can.", "▲ Good", "Flag")
                .doesNotContain(adminLinks).doesNotContain(deleteOne, "class=\"danger\"");
        assertThat(page("/admin/dashboard", HttpStatus.OK)).doesNotContain(adminLinks);

        assertThat(page(admin, "/admin", HttpStatus.OK)).contains(adminLinks).contains(deleteSelection,
                ">" + ADMIN + "<");
        assertThat(page(admin, "/admin/conversations/" + id, HttpStatus.OK)).contains(adminLinks).contains(deleteOne);
        assertThat(page(admin, "/admin/users", HttpStatus.OK)).contains(adminLinks).contains("href=\"/admin/dashboard\"",
                "action=\"/logout\"", ">" + ADMIN + "<");
    }

    @Test
    void theDashboardAndAuditPagesRenderAndTheirScriptsAndStylesAreServed() {
        long id = seed("alice", "Graphs", null, "q", "a");
        page("/admin/conversations/" + id, HttpStatus.OK);
        String dashboard = page("/admin/dashboard?days=14", HttpStatus.OK);
        assertThat(dashboard).contains("data-api=\"/admin/api/dashboard?days=14\"", "chart-ttft",
                "src=\"/webjars/chart.js/dist/chart.umd.min.js\"", "src=\"/admin/dashboard.js\"",
                "<div class=\"value\" id=\"total-conversations\">1</div>");
        assertThat(page("/admin/dashboard?days=9999", HttpStatus.BAD_REQUEST)).contains("days must be");

        String audit = page(admin, "/admin/audit?action=" + AuditLog.CONVERSATION_VIEW, HttpStatus.OK);
        assertThat(audit).contains("conversation:" + id, AuditLog.user(REVIEWER), "1 entries");
        assertThat(page(admin, "/admin/audit?to=someday", HttpStatus.BAD_REQUEST)).contains("to must be a date");
        reviewer.open("/admin/audit").expectStatus().isForbidden();

        for (String resource : List.of("/admin/admin.css", "/admin/dashboard.js", "/webjars/chart.js/dist/chart.umd.min.js")) {
            web.get().uri(resource).exchange().expectStatus().isOk();
        }
        web.get().uri("/admin/admin.css").exchange().expectHeader().contentTypeCompatibleWith(MediaType.valueOf("text/css"));
    }
}

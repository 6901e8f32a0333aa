package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.audit.AuditEntry;
import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.ConversationService;
import ai.puyu.testsupport.WebSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/** Form sign-in, sign-out and the life of a session, against the real server. */
class SignInTests extends SecurityTestBase {

    @Autowired
    AuditLog audit;

    @Autowired
    ConversationService conversations;

    private List<AuditEntry> audited(String actor, String action) {
        return audit.list(actor, action, 0, 50).getContent();
    }

    @Test
    void loginPageHasAFormWithTheCsrfField() {
        WebSession browser = WebSession.anonymous(web);
        String html = browser.page("/login");
        assertThat(html).contains("name=\"username\"", "name=\"password\"", "name=\"_csrf\"")
                .contains("value=\"" + browser.csrfToken() + "\"")
                .contains("continue to the chat");
    }

    @Test
    void firstAdminSignsInWithTheConfiguredPassword() {
        WebSession admin = admin();
        assertThat(admin.page("/admin/users")).contains("data-username=\"admin\"", "(you)");
    }

    @Test
    void signingInRecordsTheSignInAndReturnsToThePageThatAskedForIt() {
        user("signin-reviewer", UserRole.REVIEWER);
        WebSession browser = WebSession.anonymous(web);
        browser.open("/admin/users").expectStatus().isFound();
        String before = browser.cookie(WebSession.SESSION_COOKIE);
        assertThat(before).as("the saved request opened a session").isNotNull();
        int signIns = audited(AuditLog.user("signin-reviewer"), AuditLog.SIGN_IN).size();

        browser.submitLogin("Signin-Reviewer", passwordOf("signin-reviewer")).expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/admin/users"));

        assertThat(browser.cookie(WebSession.SESSION_COOKIE)).as("a new session id after sign-in (no fixation)")
                .isNotNull().isNotEqualTo(before);
        assertThat(audited(AuditLog.user("signin-reviewer"), AuditLog.SIGN_IN)).hasSize(signIns + 1);
        assertThat(accounts.findByUsername("signin-reviewer").orElseThrow().lastSignInAt()).isNotNull();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameMessageAndOnlyTheRealAccountIsAudited() {
        user("signin-target", UserRole.USER);
        int failures = audit.list(SignInHandlers.ANONYMOUS, AuditLog.SIGN_IN, 0, 100).getContent().size();
        WebSession browser = WebSession.anonymous(web);

        browser.submitLogin("signin-target", "not-the-password").expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login?error"));
        assertThat(browser.page("/login?error")).contains(UserAuthenticationManager.BAD_CREDENTIALS);
        assertThat(browser.cookie(WebSession.SESSION_COOKIE)).isNull();
        browser.get("/admin").expectStatus().isFound();

        browser.submitLogin("nobody-by-this-name", "whatever-pass").expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login?error"));

        List<AuditEntry> entries = audit.list(SignInHandlers.ANONYMOUS, AuditLog.SIGN_IN, 0, 100).getContent();
        assertThat(entries).hasSize(failures + 1);
        assertThat(entries.getFirst().target()).isEqualTo("user:signin-target");
        assertThat(entries.getFirst().detail()).contains("failed");
    }

    @Test
    void signingOutEndsTheSessionAndGoesToTheChatPage() {
        WebSession browser = signedIn("signout-reviewer", UserRole.REVIEWER);
        String session = browser.cookie(WebSession.SESSION_COOKIE);
        browser.get("/admin/users").expectStatus().isForbidden();
        browser.send(HttpMethod.POST, "/logout", null, null, true).expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).isEqualTo("/"));

        WebSession stale = WebSession.anonymous(web);
        stale.setCookie(WebSession.SESSION_COOKIE, session);
        stale.get("/admin/api/keys").expectStatus().isUnauthorized();
    }

    @Test
    void logoutNeedsAPostWithTheCsrfToken() {
        WebSession browser = signedIn("logout-csrf", UserRole.REVIEWER);
        browser.send(HttpMethod.POST, "/logout", null, null, false).expectStatus().isForbidden();
        browser.get("/logout").expectStatus().value(status -> assertThat(status).isNotEqualTo(302));
        browser.get("/account").expectStatus().isOk();
    }

    @Test
    void disablingAUserEndsTheirSessionsAndRefusesTheirSignIn() {
        AppUser user = user("signin-disabled", UserRole.REVIEWER);
        WebSession browser = WebSession.signIn(web, "signin-disabled", passwordOf("signin-disabled"));
        browser.get("/account").expectStatus().isOk();

        accounts.setEnabled("admin", user.id(), false);
        browser.get("/account").expectStatus().isFound();

        WebSession again = WebSession.anonymous(web);
        again.submitLogin("signin-disabled", passwordOf("signin-disabled")).expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login?disabled"));
        assertThat(again.page("/login?disabled")).contains("disabled");
        assertThat(again.cookie(WebSession.SESSION_COOKIE)).isNull();
        accounts.setEnabled("admin", user.id(), true);
    }

    @Test
    void aPasswordResetEndsTheSessionsAndTheNewPasswordWorks() {
        AppUser user = user("signin-reset", UserRole.USER);
        WebSession browser = WebSession.signIn(web, "signin-reset", passwordOf("signin-reset"));
        accounts.resetPassword("admin", user.id(), "a-brand-new-password");
        browser.get("/account").expectStatus().isFound();
        WebSession.anonymous(web).submitLogin("signin-reset", passwordOf("signin-reset")).expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login?error"));
        WebSession.signIn(web, "signin-reset", "a-brand-new-password").get("/account").expectStatus().isOk();
        accounts.resetPassword("admin", user.id(), passwordOf("signin-reset"));
    }

    @Test
    void aRoleChangeAppliesToAnOpenSessionAtOnce() {
        AppUser user = user("signin-promoted", UserRole.USER);
        WebSession browser = WebSession.signIn(web, "signin-promoted", passwordOf("signin-promoted"));
        browser.get("/admin").expectStatus().isForbidden();
        accounts.changeRole("admin", user.id(), UserRole.REVIEWER);
        browser.get("/admin/api/users").expectStatus().isForbidden();
        browser.get("/admin").expectStatus().value(status -> assertThat(status).isNotIn(401, 403));
        accounts.changeRole("admin", user.id(), UserRole.ADMIN);
        browser.get("/admin/api/users").expectStatus().isOk();
        accounts.changeRole("admin", user.id(), UserRole.USER);
        browser.get("/admin/api/users").expectStatus().isForbidden();
    }

    @Test
    void aSignedInUserOwnsTheirConversationsByNameOnAnyBrowser() {
        user("signin-owner", UserRole.USER);
        WebSession laptop = WebSession.signIn(web, "signin-owner", passwordOf("signin-owner"));
        laptop.json(HttpMethod.POST, "/api/conversations", "{\"title\":\"from the laptop\"}").expectStatus().isCreated();
        assertThat(laptop.cookie("puyu_visitor")).as("no visitor cookie for a signed-in user").isNull();
        assertThat(conversations.list("user:signin-owner", 0, 10).getContent())
                .extracting(c -> c.title()).contains("from the laptop");

        WebSession phone = WebSession.signIn(web, "signin-owner", passwordOf("signin-owner"));
        phone.get("/api/conversations").expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].title").isEqualTo("from the laptop");

        WebSession anonymous = WebSession.anonymous(web);
        anonymous.get("/api/conversations").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void usersChangeTheirOwnPasswordWithTheCurrentOneAndStaySignedIn() {
        AppUser user = user("signin-self", UserRole.USER);
        WebSession browser = WebSession.signIn(web, "signin-self", passwordOf("signin-self"));
        WebSession other = WebSession.signIn(web, "signin-self", passwordOf("signin-self"));

        String refused = browser.form("/account/password", "currentPassword", "wrong-one", "newPassword",
                        "another-password-1", "confirmPassword", "another-password-1")
                .expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();
        assertThat(refused).contains("current password is not correct");
        browser.form("/account/password", "currentPassword", passwordOf("signin-self"), "newPassword",
                        "another-password-1", "confirmPassword", "another-password-2")
                .expectStatus().isBadRequest();

        browser.form("/account/password", "currentPassword", passwordOf("signin-self"), "newPassword",
                        "another-password-1", "confirmPassword", "another-password-1")
                .expectStatus().is3xxRedirection();
        browser.get("/account").expectStatus().isOk();
        other.get("/account").expectStatus().isFound();
        WebSession.signIn(web, "signin-self", "another-password-1");
        accounts.resetPassword("admin", user.id(), passwordOf("signin-self"));
    }
}

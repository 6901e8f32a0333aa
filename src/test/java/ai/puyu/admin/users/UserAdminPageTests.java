package ai.puyu.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.security.AppUser;
import ai.puyu.security.SecurityTestBase;
import ai.puyu.security.UserRole;
import ai.puyu.testsupport.WebSession;
import org.junit.jupiter.api.Test;

/** The user management page, driven through its forms as a browser sends them. */
class UserAdminPageTests extends SecurityTestBase {

    private String body(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
        return response.expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void createsAUserThroughTheFormAndSaysSo() {
        WebSession admin = admin();
        admin.form("/admin/users", "username", "page-lena", "password", "lena-password", "role", "REVIEWER")
                .expectStatus().is3xxRedirection()
                .expectHeader().value("Location", l -> assertThat(l).isEqualTo("/admin/users?done=created&user=page-lena"));
        String page = admin.page("/admin/users?done=created&user=page-lena");
        assertThat(page).contains("User &#39;page-lena&#39; was created.").contains("data-username=\"page-lena\"");
        AppUser lena = accounts.findByUsername("page-lena").orElseThrow();
        assertThat(lena.role()).isEqualTo(UserRole.REVIEWER);
        WebSession.signIn(web, "page-lena", "lena-password");
    }

    @Test
    void aRefusedFormShowsTheReasonAndKeepsTheNameButNeverThePassword() {
        WebSession admin = admin();
        String page = body(admin.form("/admin/users", "username", "page-mia", "password", "tiny", "role", "ADMIN")
                .expectStatus().isBadRequest());
        assertThat(page).contains("password must have at least 8 characters")
                .contains("value=\"page-mia\"").doesNotContain("tiny");
        assertThat(accounts.findByUsername("page-mia")).isEmpty();

        String html = body(admin.form("/admin/users", "username", "<script>x</script>", "password",
                "long-enough-1", "role", "USER").expectStatus().isBadRequest());
        assertThat(html).doesNotContain("<script>x</script>").contains("&lt;script&gt;");
    }

    @Test
    void changesRoleDisablesResetsAndDeletesThroughTheRowForms() {
        WebSession admin = admin();
        AppUser nina = user("page-nina", UserRole.USER);
        String base = "/admin/users/" + nina.id();

        admin.form(base + "/role", "role", "REVIEWER").expectStatus().is3xxRedirection();
        assertThat(accounts.find(nina.id()).orElseThrow().role()).isEqualTo(UserRole.REVIEWER);
        admin.form(base + "/disable").expectStatus().is3xxRedirection();
        assertThat(accounts.find(nina.id()).orElseThrow().enabled()).isFalse();
        admin.form(base + "/enable").expectStatus().is3xxRedirection();
        admin.form(base + "/password", "password", "nina-new-password").expectStatus().is3xxRedirection();
        WebSession.signIn(web, "page-nina", "nina-new-password");
        assertThat(body(admin.form(base + "/role", "role", "KING").expectStatus().isBadRequest()))
                .contains("role must be USER, REVIEWER or ADMIN");
        admin.form(base + "/delete").expectStatus().is3xxRedirection()
                .expectHeader().value("Location", l -> assertThat(l).contains("done=deleted"));
        assertThat(accounts.find(nina.id())).isEmpty();
        admin.form(base + "/delete").expectStatus().isNotFound();
    }

    @Test
    void anAdministratorDeletingThemselvesIsToldWhyNot() {
        WebSession admin = admin();
        long self = accounts.findByUsername("admin").orElseThrow().id();
        assertThat(body(admin.form("/admin/users/" + self + "/delete").expectStatus().isEqualTo(409)))
                .contains("you cannot delete your own account");
        assertThat(accounts.find(self)).isPresent();
    }
}

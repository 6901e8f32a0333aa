package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Form sign-in and sign-out against the real server. */
class SignInTests extends SecurityTestBase {

    @Test
    void loginPageHasAFormWithTheCsrfField() {
        WebSession browser = WebSession.anonymous(web);
        String html = browser.page("/login");
        assertThat(html).contains("name=\"username\"", "name=\"password\"", "name=\"_csrf\"")
                .contains("value=\"" + browser.csrfToken() + "\"");
    }

    @Test
    void firstAdminSignsInWithTheConfiguredPassword() {
        WebSession admin = admin();
        assertThat(admin.page("/admin/users")).contains("admin");
    }
}

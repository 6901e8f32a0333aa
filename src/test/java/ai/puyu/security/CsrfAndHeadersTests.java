package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.conversation.ConversationService;
import ai.puyu.testsupport.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.session.WebSessionIdResolver;

/** CSRF on the pages and /api (not /v1), the security headers, and the cookies' attributes. */
class CsrfAndHeadersTests extends SecurityTestBase {

    @Autowired
    ConversationService conversations;

    @Autowired
    WebSessionIdResolver sessionIds;

    @Test
    void theFirstPageWritesTheCsrfCookieForScriptsToRead() {
        var result = web.get().uri("/").exchange().expectStatus().isOk().returnResult(String.class);
        ResponseCookie cookie = result.getResponseCookies().getFirst(WebSession.XSRF_COOKIE);
        assertThat(cookie).isNotNull();
        assertThat(cookie.getValue()).isNotBlank();
        assertThat(cookie.isHttpOnly()).as("the page's scripts read it").isFalse();
        assertThat(cookie.getPath()).isEqualTo("/");
    }

    @Test
    void anApiPostWithoutTheCsrfHeaderIsRefusedWithJsonAndStoresNothing() {
        WebSession visitor = WebSession.anonymous(web);
        visitor.get("/api/conversations").expectStatus().isOk();
        String owner = "visitor:" + visitor.cookie("puyu_visitor");

        visitor.send(HttpMethod.POST, "/api/conversations", MediaType.APPLICATION_JSON, "{\"title\":\"x\"}", false)
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error.type").isEqualTo("csrf_error")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("X-XSRF-TOKEN"));

        // a header that does not match the cookie is refused too
        web.post().uri("/api/conversations").cookie("puyu_visitor", visitor.cookie("puyu_visitor"))
                .cookie(WebSession.XSRF_COOKIE, visitor.csrfToken()).header(WebSession.XSRF_HEADER, "forged")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isForbidden();
        assertThat(conversations.list(owner, 0, 10).getTotalElements()).isZero();

        visitor.json(HttpMethod.POST, "/api/conversations", "{\"title\":\"x\"}").expectStatus().isCreated();
        assertThat(conversations.list(owner, 0, 10).getTotalElements()).isOne();
    }

    @Test
    void aFormPostWithoutTheCsrfFieldIsRefusedWithAPageAndChangesNothing() {
        WebSession admin = admin();
        String html = admin.send(HttpMethod.POST, "/admin/users", null,
                        new org.springframework.util.LinkedMultiValueMap<>(java.util.Map.of(
                                "username", java.util.List.of("csrf-victim"),
                                "password", java.util.List.of("csrf-victim-pass"),
                                "role", java.util.List.of("ADMIN"))), false)
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("expired");
        assertThat(accounts.findByUsername("csrf-victim")).isEmpty();
    }

    @Test
    void signingInNeedsTheCsrfTokenToo() {
        WebSession browser = WebSession.anonymous(web);
        web.post().uri("/login").cookie(WebSession.XSRF_COOKIE, browser.csrfToken())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("username=admin&password=" + ADMIN_PASSWORD).exchange()
                .expectStatus().isForbidden().expectHeader().doesNotExist("Set-Cookie");
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        WebSession admin = admin();
        admin.get("/admin/users").expectStatus().isOk().expectHeader()
                .valueEquals("Content-Security-Policy", PuyuSecurityProperties.DEFAULT_CSP)
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "same-origin")
                .expectHeader().value("Cache-Control", v -> assertThat(v).contains("no-store"));
        assertThat(PuyuSecurityProperties.DEFAULT_CSP).contains("default-src 'self'", "frame-ancestors 'none'",
                "script-src 'self'").doesNotContain("unsafe");
        web.get().uri("/login").exchange().expectHeader().valueEquals("X-Frame-Options", "DENY");
        web.get().uri("/v1/models").exchange().expectHeader()
                .valueEquals("Content-Security-Policy", PuyuSecurityProperties.DEFAULT_CSP);
        // Swagger UI injects a style element: inline styles (never scripts) are allowed there only
        web.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk().expectHeader()
                .value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("style-src 'self' 'unsafe-inline'", "script-src 'self';", "frame-ancestors 'none'"));
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxAndSecureOnlyOverHttps() {
        user("cookie-user", UserRole.USER);
        WebSession browser = WebSession.anonymous(web);
        var result = web.post().uri("/login").cookie(WebSession.XSRF_COOKIE, browser.csrfToken())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("username=cookie-user&password=" + passwordOf("cookie-user") + "&_csrf="
                        + browser.csrfToken())
                .exchange().expectStatus().isFound().returnResult(String.class);
        ResponseCookie session = result.getResponseCookies().getFirst(WebSession.SESSION_COOKIE);
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.isSecure()).as("plain http").isFalse();

        // the application's own session id resolver, asked about an https request
        MockServerWebExchange https = MockServerWebExchange.from(MockServerHttpRequest.get("https://puyu.example/"));
        sessionIds.setSessionId(https, "abc");
        ResponseCookie secure = https.getResponse().getCookies().getFirst(WebSession.SESSION_COOKIE);
        assertThat(secure).isNotNull();
        assertThat(secure.isSecure()).isTrue();
        assertThat(secure.isHttpOnly()).isTrue();
        assertThat(secure.getSameSite()).isEqualTo("Lax");
    }
}

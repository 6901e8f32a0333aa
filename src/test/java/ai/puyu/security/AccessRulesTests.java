package ai.puyu.security;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.testsupport.WebSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Every route under {@code /admin}, found in the application's own handler mappings (so a new page or endpoint is
 * checked without editing this test), for every kind of caller, through real sign-in: anonymous pages go to the
 * sign-in page and anonymous {@code /admin/api} gets 401; a USER gets 403 everywhere; a REVIEWER gets 403 on the
 * ADMIN-only routes and gets through elsewhere; an ADMIN gets through everywhere.
 */
class AccessRulesTests extends SecurityTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** One method and concrete path (path variables set to 1). */
    record Route(HttpMethod method, String path) implements Comparable<Route> {

        boolean json() {
            return path.equals("/admin/api") || path.startsWith("/admin/api/");
        }

        /** The ADMIN-only rule of the issue, stated independently of the security configuration. */
        boolean adminOnly() {
            for (String area : List.of("/admin/users", "/admin/keys", "/admin/audit", "/admin/api/users",
                    "/admin/api/keys", "/admin/api/audit")) {
                if (path.equals(area) || path.startsWith(area + "/")) {
                    return true;
                }
            }
            return (method == HttpMethod.DELETE && json())
                    || (method == HttpMethod.POST && path.endsWith("/delete"));
        }

        @Override
        public int compareTo(Route o) {
            int byPath = path.compareTo(o.path);
            return byPath != 0 ? byPath : method.name().compareTo(o.method.name());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every /admin route of the running application, and GET /admin itself. */
    Set<Route> adminRoutes() {
        Set<Route> routes = new TreeSet<>();
        routes.add(new Route(HttpMethod.GET, "/admin"));
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                String text = pattern.getPatternString();
                if (!text.equals("/admin") && !text.startsWith("/admin/")) {
                    continue;
                }
                String path = text.replaceAll("\\{[^}]*}", "1").replace("**", "1").replace("*", "1");
                if (methods.isEmpty()) {
                    routes.add(new Route(HttpMethod.GET, path));
                } else {
                    methods.forEach(m -> routes.add(new Route(m.asHttpMethod(), path)));
                }
            }
        }
        return routes;
    }

    private EntityExchangeResult<byte[]> call(WebSession browser, Route route) {
        Object body = null;
        MediaType type = null;
        if (route.method() == HttpMethod.POST || route.method() == HttpMethod.PUT
                || route.method() == HttpMethod.PATCH) {
            if (route.json()) {
                body = "{}";
                type = MediaType.APPLICATION_JSON;
            } else {
                body = new LinkedMultiValueMap<String, String>();
            }
        }
        // always with a valid CSRF token: this test is about roles, not CSRF
        return browser.send(route.method(), route.path(), type, body, true).expectBody().returnResult();
    }

    @Test
    void theEnumerationFindsTheUserAndKeyRoutes() {
        assertThat(adminRoutes()).extracting(Route::toString).contains(
                "GET /admin/users", "POST /admin/users", "POST /admin/users/1/role", "POST /admin/users/1/disable",
                "POST /admin/users/1/enable", "POST /admin/users/1/password", "POST /admin/users/1/delete",
                "GET /admin/keys", "POST /admin/keys", "POST /admin/keys/1/revoke",
                "GET /admin/api/users", "POST /admin/api/users", "GET /admin/api/users/1",
                "PATCH /admin/api/users/1", "DELETE /admin/api/users/1",
                "GET /admin/api/keys", "POST /admin/api/keys", "DELETE /admin/api/keys/1");
    }

    @TestFactory
    Stream<DynamicTest> everyAdminRouteAdmitsOnlyItsRoles() {
        WebSession anonymous = WebSession.anonymous(web);
        WebSession user = signedIn("route-user", UserRole.USER);
        WebSession reviewer = signedIn("route-reviewer", UserRole.REVIEWER);
        WebSession admin = admin();
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : adminRoutes()) {
            tests.add(DynamicTest.dynamicTest(route + (route.adminOnly() ? " (ADMIN only)" : ""), () -> {
                var anon = call(anonymous, route);
                if (route.json()) {
                    assertThat(anon.getStatus().value()).as("anonymous " + route).isEqualTo(401);
                    assertThat(new String(anon.getResponseBodyContent())).contains("\"message\"");
                } else {
                    assertThat(anon.getStatus().value()).as("anonymous " + route).isEqualTo(302);
                    assertThat(anon.getResponseHeaders().getLocation()).as("anonymous " + route)
                            .hasPath("/login");
                }
                assertThat(call(user, route).getStatus().value()).as("USER " + route).isEqualTo(403);
                int asReviewer = call(reviewer, route).getStatus().value();
                if (route.adminOnly()) {
                    assertThat(asReviewer).as("REVIEWER " + route).isEqualTo(403);
                } else {
                    assertThat(asReviewer).as("REVIEWER " + route).isNotIn(401, 403);
                }
                assertThat(call(admin, route).getStatus().value()).as("ADMIN " + route).isNotIn(401, 403);
            }));
        }
        return tests.stream();
    }

    @Test
    void aUserGetsTheForbiddenPageNamingTheirAccountAndJson403OnTheApi() {
        WebSession user = signedIn("route-user", UserRole.USER);
        String page = user.get("/admin").expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("route-user", "USER", "/login");
        user.get("/admin/api/users").expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error.message").value(m -> assertThat((String) m).contains("route-user"));
    }

    @Test
    void theAccountPageNeedsASignedInUserOfAnyRole() {
        WebSession.anonymous(web).get("/account").expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login"));
        assertThat(signedIn("route-user", UserRole.USER).page("/account")).contains("route-user");
    }

    @Test
    void adminPageAssetsAreServedToAnyone() {
        WebSession anonymous = WebSession.anonymous(web);
        for (String asset : new String[] {"/admin/admin.css", "/admin/admin.js", "/admin/dashboard.js",
                "/admin/favicon.svg"}) {
            anonymous.get(asset).expectStatus().isOk();
        }
    }
}

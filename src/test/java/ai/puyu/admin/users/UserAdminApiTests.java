package ai.puyu.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.audit.AuditEntry;
import ai.puyu.audit.AuditLog;
import ai.puyu.security.AppUser;
import ai.puyu.security.SecurityTestBase;
import ai.puyu.security.UserRole;
import ai.puyu.testsupport.WebSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /admin/api/users} as an administrator's script uses it. */
class UserAdminApiTests extends SecurityTestBase {

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditLog audit;

    private JsonNode call(WebSession admin, HttpMethod method, String uri, String body, HttpStatus status) {
        byte[] bytes = admin.json(method, uri, body).expectStatus().isEqualTo(status).expectBody().returnResult()
                .getResponseBody();
        return bytes == null || bytes.length == 0 ? null : json.readTree(bytes);
    }

    private void refused(WebSession admin, HttpMethod method, String uri, String body, HttpStatus status,
                         String param, String message) {
        JsonNode error = call(admin, method, uri, body, status).get("error");
        assertThat(error.get("message").stringValue()).contains(message);
        if (param == null) {
            assertThat(error.get("param").isNull()).isTrue();
        } else {
            assertThat(error.get("param").stringValue()).isEqualTo(param);
        }
    }

    @Test
    void createsListsChangesAndDeletesAUserAndAuditsEachChange() {
        WebSession admin = admin();
        JsonNode created = call(admin, HttpMethod.POST, "/admin/api/users",
                "{\"username\":\"Api-Kate\",\"password\":\"kate-password\",\"role\":\"reviewer\"}", HttpStatus.CREATED);
        long id = created.get("id").longValue();
        assertThat(created.get("username").stringValue()).isEqualTo("api-kate");
        assertThat(created.get("role").stringValue()).isEqualTo("REVIEWER");
        assertThat(created.get("enabled").booleanValue()).isTrue();
        assertThat(created.has("passwordHash")).isFalse();

        String list = admin.get("/admin/api/users").expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(list).contains("\"username\":\"api-kate\"").doesNotContain("argon2", "password");
        WebSession.signIn(web, "api-kate", "kate-password").get("/admin").expectStatus()
                .value(s -> assertThat(s).isNotIn(401, 403));

        JsonNode changed = call(admin, HttpMethod.PATCH, "/admin/api/users/" + id,
                "{\"role\":\"USER\",\"enabled\":false,\"password\":\"kate-password-2\"}", HttpStatus.OK);
        assertThat(changed.get("role").stringValue()).isEqualTo("USER");
        assertThat(changed.get("enabled").booleanValue()).isFalse();
        WebSession.anonymous(web).submitLogin("api-kate", "kate-password-2").expectStatus().isFound()
                .expectHeader().value("Location", l -> assertThat(l).endsWith("/login?disabled"));

        call(admin, HttpMethod.DELETE, "/admin/api/users/" + id, null, HttpStatus.NO_CONTENT);
        call(admin, HttpMethod.GET, "/admin/api/users/" + id, null, HttpStatus.NOT_FOUND);
        assertThat(accounts.findByUsername("api-kate")).isEmpty();

        List<AuditEntry> entries = audit.list(AuditLog.user("admin"), null, 0, 100).getContent().stream()
                .filter(e -> "user:api-kate".equals(e.target())).toList();
        assertThat(entries).extracting(AuditEntry::action).containsExactly(AuditLog.USER_DELETE,
                AuditLog.USER_UPDATE, AuditLog.USER_UPDATE, AuditLog.USER_UPDATE, AuditLog.USER_CREATE);
    }

    @Test
    void badInputIs400NamingTheFieldAndCreatesNothing() {
        WebSession admin = admin();
        String uri = "/admin/api/users";
        refused(admin, HttpMethod.POST, uri, "{\"password\":\"long-enough\",\"role\":\"USER\"}",
                HttpStatus.BAD_REQUEST, "username", "required");
        refused(admin, HttpMethod.POST, uri, "{\"username\":\"a b\",\"password\":\"long-enough\",\"role\":\"USER\"}",
                HttpStatus.BAD_REQUEST, "username", "only letters");
        refused(admin, HttpMethod.POST, uri, "{\"username\":\"api-bad\",\"password\":\"short\",\"role\":\"USER\"}",
                HttpStatus.BAD_REQUEST, "password", "at least 8");
        refused(admin, HttpMethod.POST, uri, "{\"username\":\"api-bad\",\"password\":\"long-enough\",\"role\":\"ROOT\"}",
                HttpStatus.BAD_REQUEST, "role", "USER, REVIEWER or ADMIN");
        refused(admin, HttpMethod.POST, uri, "{\"username\":5,\"password\":\"long-enough\",\"role\":\"USER\"}",
                HttpStatus.BAD_REQUEST, "username", "must be a string");
        refused(admin, HttpMethod.POST, uri, "[1,2]", HttpStatus.BAD_REQUEST, null, "JSON object");
        refused(admin, HttpMethod.POST, uri, "{\"username\":", HttpStatus.BAD_REQUEST, null, "JSON object");
        refused(admin, HttpMethod.POST, uri, "{\"username\":\"ADMIN\",\"password\":\"long-enough\",\"role\":\"USER\"}",
                HttpStatus.BAD_REQUEST, "username", "exists already");
        assertThat(accounts.findByUsername("api-bad")).isEmpty();

        AppUser target = user("api-target", UserRole.USER);
        String one = uri + "/" + target.id();
        refused(admin, HttpMethod.PATCH, one, "{}", HttpStatus.BAD_REQUEST, null, "nothing to change");
        refused(admin, HttpMethod.PATCH, one, "{\"enabled\":\"no\"}", HttpStatus.BAD_REQUEST, "enabled", "true or false");
        refused(admin, HttpMethod.PATCH, one, "{\"role\":\"ADMIN\",\"password\":\"short\"}", HttpStatus.BAD_REQUEST,
                "password", "at least 8");
        assertThat(accounts.find(target.id()).orElseThrow().role()).as("nothing applied").isEqualTo(UserRole.USER);
        refused(admin, HttpMethod.PATCH, uri + "/987654", "{\"enabled\":true}", HttpStatus.NOT_FOUND, null,
                "no user with id 987654");
        refused(admin, HttpMethod.DELETE, uri + "/987654", null, HttpStatus.NOT_FOUND, null, "987654");
    }

    @Test
    void anAdministratorCannotLockThemselvesOut() {
        WebSession admin = admin();
        long self = accounts.findByUsername("admin").orElseThrow().id();
        refused(admin, HttpMethod.PATCH, "/admin/api/users/" + self, "{\"role\":\"REVIEWER\"}", HttpStatus.CONFLICT,
                null, "your own administrator role");
        refused(admin, HttpMethod.PATCH, "/admin/api/users/" + self, "{\"enabled\":false}", HttpStatus.CONFLICT,
                null, "disable your own account");
        refused(admin, HttpMethod.DELETE, "/admin/api/users/" + self, null, HttpStatus.CONFLICT, null,
                "delete your own account");
        admin.get("/admin/api/users").expectStatus().isOk();
    }
}

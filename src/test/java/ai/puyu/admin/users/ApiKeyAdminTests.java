package ai.puyu.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.audit.AuditEntry;
import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.ApiKeyService;
import ai.puyu.security.SecurityTestBase;
import ai.puyu.testsupport.WebSession;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** API keys made and revoked by an administrator, on the page and through /admin/api/keys, used on /v1. */
class ApiKeyAdminTests extends SecurityTestBase {

    private static final Pattern KEY_IN_PAGE = Pattern.compile("value=\"(puyu-[A-Za-z0-9_-]{40})\"");

    @Autowired
    ApiKeyService keys;

    @Autowired
    AuditLog audit;

    @Autowired
    ObjectMapper json;

    @AfterEach
    void revokeAll() {
        keys.list().stream().filter(k -> k.active()).forEach(k -> keys.revoke(k.id()));
    }

    private int v1Models(String key) {
        var request = web.get().uri("/v1/models");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request.exchange().returnResult(String.class).getStatus().value();
    }

    @Test
    void theApiCreatesAKeyShownOnceThatWorksOnV1UntilRevoked() {
        // another active key: without any, loopback clients (this test) are served whatever they send
        keys.create("another client");
        WebSession admin = admin();
        byte[] body = admin.json(HttpMethod.POST, "/admin/api/keys", "{\"name\":\"ci robot\"}").expectStatus()
                .isCreated().expectBody().returnResult().getResponseBody();
        JsonNode created = json.readTree(body);
        String key = created.get("key").stringValue();
        long id = created.get("id").longValue();
        assertThat(key).matches("puyu-[A-Za-z0-9_-]{40}");
        assertThat(created.get("prefix").stringValue()).isEqualTo(key.substring(0, 8));

        String list = admin.get("/admin/api/keys").expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(list).contains("ci robot").doesNotContain(key.substring(8));
        assertThat(v1Models(key)).isEqualTo(200);
        assertThat(v1Models(null)).as("once a key exists, even loopback needs one").isEqualTo(401);

        admin.json(HttpMethod.DELETE, "/admin/api/keys/" + id, null).expectStatus().isOk().expectBody()
                .jsonPath("$.active").isEqualTo(false).jsonPath("$.revokedAt").isNotEmpty();
        assertThat(v1Models(key)).isEqualTo(401);
        admin.json(HttpMethod.DELETE, "/admin/api/keys/987654", null).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.message").value(m -> assertThat((String) m).contains("987654"));

        var entries = audit.list(AuditLog.user("admin"), null, 0, 50).getContent().stream()
                .filter(e -> ("api_key:" + id).equals(e.target())).toList();
        assertThat(entries).extracting(AuditEntry::action)
                .containsExactly(AuditLog.API_KEY_REVOKE, AuditLog.API_KEY_CREATE);
        assertThat(entries).allSatisfy(e -> assertThat(e.detail()).contains("ci robot").doesNotContain(key));
    }

    @Test
    void aBlankOrOverlongNameIs400() {
        WebSession admin = admin();
        admin.json(HttpMethod.POST, "/admin/api/keys", "{\"name\":\"  \"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.param").isEqualTo("name");
        admin.json(HttpMethod.POST, "/admin/api/keys", "{\"name\":\"" + "n".repeat(101) + "\"}").expectStatus()
                .isBadRequest().expectBody().jsonPath("$.error.message")
                .value(m -> assertThat((String) m).contains("100"));
        admin.json(HttpMethod.POST, "/admin/api/keys", "{}").expectStatus().isBadRequest();
        assertThat(keys.hasAnyActiveKey()).isFalse();
    }

    @Test
    void thePageShowsANewKeyOnceUncachedAndRevokesIt() {
        keys.create("another client");
        WebSession admin = admin();
        String created = admin.form("/admin/keys", "name", "notebook").expectStatus().isCreated()
                .expectHeader().value("Cache-Control", v -> assertThat(v).contains("no-store"))
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher shown = KEY_IN_PAGE.matcher(created);
        assertThat(shown.find()).as("the key is on the page").isTrue();
        String key = shown.group(1);
        assertThat(created).contains("shown only this once");
        assertThat(v1Models(key)).isEqualTo(200);

        String later = admin.page("/admin/keys");
        assertThat(later).contains("notebook").doesNotContain(key).contains(key.substring(0, 8) + "…");

        long id = keys.list().stream().filter(k -> k.name().equals("notebook")).findFirst().orElseThrow().id();
        admin.form("/admin/keys/" + id + "/revoke").expectStatus().is3xxRedirection();
        assertThat(admin.page("/admin/keys?revoked=notebook")).contains("was revoked", "revoked ");
        assertThat(v1Models(key)).isEqualTo(401);

        String refused = admin.form("/admin/keys", "name", " ").expectStatus().isBadRequest()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(refused).contains("must not be blank");
    }
}

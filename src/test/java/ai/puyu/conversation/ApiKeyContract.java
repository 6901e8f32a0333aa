package ai.puyu.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** What {@link ApiKeyService} promises, on a real database: each class implementing it runs these tests on one database. */
interface ApiKeyContract extends PersistenceFixture {

    static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    default void aNewKeyHasTheDocumentedFormatAndIsDifferentEachTime() {
        CreatedApiKey first = apiKeys().create(" ci pipeline ");
        CreatedApiKey second = apiKeys().create("ci pipeline");

        assertThat(first.plaintext()).matches("puyu-[A-Za-z0-9_-]{40}");
        assertThat(second.plaintext()).matches("puyu-[A-Za-z0-9_-]{40}").isNotEqualTo(first.plaintext());
        assertThat(first.apiKey().prefix()).isEqualTo(first.plaintext().substring(0, 8));
        assertThat(first.apiKey().name()).isEqualTo("ci pipeline");
        assertThat(first.apiKey().active()).isTrue();
        assertThat(first.toString()).doesNotContain(first.plaintext().substring(5));
    }

    @Test
    default void thePlaintextKeyIsNeverStoredOnlyItsSha256() throws Exception {
        CreatedApiKey created = apiKeys().create("billing");
        String secret = created.plaintext().substring(ApiKeyService.KEY_PREFIX.length());
        apiKeys().authenticate(created.plaintext());

        List<Map<String, Object>> rows = jdbc().queryForList("SELECT * FROM api_key");
        assertThat(rows).hasSize(1);
        for (Object value : rows.get(0).values()) {
            assertThat(String.valueOf(value)).doesNotContain(created.plaintext()).doesNotContain(secret)
                    .doesNotContain(secret.substring(0, 20)).doesNotContain(secret.substring(20));
        }
        assertThat(rows.get(0)).containsEntry(rows.get(0).keySet().stream()
                .filter(k -> k.equalsIgnoreCase("key_hash")).findFirst().orElseThrow(), sha256Hex(created.plaintext()));
    }

    @Test
    default void authenticateAcceptsTheRightKeyAndRejectsWrongMalformedAndRevokedOnes() {
        CreatedApiKey alpha = apiKeys().create("alpha");
        CreatedApiKey beta = apiKeys().create("beta");
        String key = alpha.plaintext();
        char last = key.charAt(key.length() - 1);
        String lastCharChanged = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(apiKeys().authenticate(key)).map(ApiKey::id).contains(alpha.apiKey().id());
        assertThat(apiKeys().authenticate(beta.plaintext())).map(ApiKey::id).contains(beta.apiKey().id());
        assertThat(apiKeys().authenticate(lastCharChanged)).isEmpty();
        assertThat(apiKeys().authenticate(key + "x")).isEmpty();
        assertThat(apiKeys().authenticate(key.toUpperCase())).isEmpty();
        assertThat(apiKeys().authenticate(alpha.apiKey().keyHash())).isEmpty();
        assertThat(apiKeys().authenticate("")).isEmpty();
        assertThat(apiKeys().authenticate(null)).isEmpty();

        assertThat(apiKeys().revoke(alpha.apiKey().id())).hasValueSatisfying(k -> assertThat(k.active()).isFalse());
        assertThat(apiKeys().authenticate(key)).isEmpty();
        assertThat(apiKeys().authenticate(beta.plaintext())).isPresent();
    }

    @Test
    default void useIsRecordedAtMostOnceAMinute() {
        CreatedApiKey created = apiKeys().create("busy");
        assertThat(created.apiKey().lastUsedAt()).isNull();

        Instant firstUse = clock().peek();
        assertThat(apiKeys().authenticate(created.plaintext()).orElseThrow().lastUsedAt()).isEqualTo(firstUse);
        apiKeys().authenticate(created.plaintext());
        apiKeys().authenticate(created.plaintext());

        assertThat(apiKeys().list()).singleElement().extracting(ApiKey::lastUsedAt).isEqualTo(firstUse);
    }

    @Test
    default void revokingIsImmediateIdempotentAndReflectedInHasAnyActiveKey() {
        assertThat(apiKeys().hasAnyActiveKey()).isFalse();
        CreatedApiKey first = apiKeys().create("first");
        CreatedApiKey second = apiKeys().create("second");
        assertThat(apiKeys().hasAnyActiveKey()).isTrue();

        Instant revokedAt = apiKeys().revoke(first.apiKey().id()).orElseThrow().revokedAt();
        assertThat(apiKeys().revoke(first.apiKey().id()).orElseThrow().revokedAt()).isEqualTo(revokedAt);
        assertThat(apiKeys().hasAnyActiveKey()).isTrue();
        apiKeys().revoke(second.apiKey().id());

        assertThat(apiKeys().hasAnyActiveKey()).isFalse();
        assertThat(apiKeys().revoke(second.apiKey().id() + 100)).isEmpty();
        assertThat(apiKeys().list()).extracting(ApiKey::name).containsExactly("second", "first");
        assertThat(apiKeys().list()).allSatisfy(k -> assertThat(k.active()).isFalse());
    }

    @Test
    default void aConversationRecordsTheKeyThatMadeItAndNeedsAnExistingKey() {
        CreatedApiKey key = apiKeys().create("integration");
        Conversation made = service().create("api:integration",
                new NewConversation("v1", key.apiKey().id(), "m", "cpu", null));

        assertThat(service().get("api:integration", made.id()).conversation().apiKeyId()).isEqualTo(key.apiKey().id());
        assertThatThrownBy(() -> service().create("api:x", new NewConversation("v1", key.apiKey().id() + 100, "m", "cpu", null)))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> apiKeys().create(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API key name must not be blank");
    }
}

package ai.puyu.admin.users;

import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.ApiKey;
import ai.puyu.conversation.ApiKeyService;
import ai.puyu.conversation.CreatedApiKey;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * API keys as administrators manage them: {@link ApiKeyService} plus an audit line for every key made or revoked
 * ({@code actor} is {@code user:<name>} from the pages, {@link AuditLog#CLI} from the command line). Blocking.
 */
@Service
public class ApiKeyAdministration {

    private final ApiKeyService keys;
    private final AuditLog audit;

    ApiKeyAdministration(ApiKeyService keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    /** Every key, newest first. */
    public List<ApiKey> list() {
        return keys.list();
    }

    /** Makes a key; the plaintext in the result is the only copy. */
    public CreatedApiKey create(String actor, String name) {
        CreatedApiKey created = keys.create(name);
        audit.record(actor, AuditLog.API_KEY_CREATE, target(created.apiKey()), "name " + created.apiKey().name());
        return created;
    }

    /** Revokes a key; empty if there is no such key. Revoking a revoked key changes nothing and is not audited. */
    public Optional<ApiKey> revoke(String actor, long id) {
        Optional<ApiKey> before = keys.list().stream().filter(k -> k.id() == id).findFirst();
        if (before.isEmpty()) {
            return Optional.empty();
        }
        Optional<ApiKey> after = keys.revoke(id);
        if (before.get().active()) {
            audit.record(actor, AuditLog.API_KEY_REVOKE, target(before.get()), "name " + before.get().name());
        }
        return after;
    }

    private static String target(ApiKey key) {
        return "api_key:" + key.id();
    }
}

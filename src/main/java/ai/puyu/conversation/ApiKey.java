package ai.puyu.conversation;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An API key for {@code /v1}. Only the SHA-256 of the secret is stored; the plaintext is shown once,
 * when {@link ApiKeyService#create} makes it.
 *
 * @param id         database id, null until saved
 * @param name       what the key is for, chosen by whoever made it
 * @param keyHash    lower-case hex SHA-256 of the whole key (UTF-8)
 * @param prefix     the key's first 8 characters, for recognising it in lists
 * @param createdAt  when it was made
 * @param lastUsedAt when it last authenticated a request (to the minute), null if never
 * @param revokedAt  when it was revoked, null while active
 */
@Table
public record ApiKey(@Id Long id, String name, String keyHash, String prefix, Instant createdAt,
                     Instant lastUsedAt, Instant revokedAt) {

    /** Whether the key still authenticates. */
    public boolean active() {
        return revokedAt == null;
    }
}

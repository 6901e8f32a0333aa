package ai.puyu.conversation;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** API keys (hashes only). */
public interface ApiKeyRepository extends ListCrudRepository<ApiKey, Long> {

    /** The keys whose display prefix is {@code prefix} (almost always zero or one). */
    List<ApiKey> findByPrefix(String prefix);

    /** Every key, newest first. */
    List<ApiKey> findAllByOrderByIdDesc();

    /** Whether any key is not revoked. */
    boolean existsByRevokedAtIsNull();

    /** Sets {@code last_used_at} unless it was set after {@code notAfter}; returns the rows changed. */
    @Modifying
    @Query("UPDATE api_key SET last_used_at = :now WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :notAfter)")
    int markUsed(long id, Instant now, Instant notAfter);

    /** Sets {@code revoked_at} if the key is active; returns the rows changed. */
    @Modifying
    @Query("UPDATE api_key SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
    int revoke(long id, Instant now);
}

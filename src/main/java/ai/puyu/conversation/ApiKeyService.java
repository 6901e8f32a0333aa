package ai.puyu.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes, checks, lists and revokes API keys. A key is {@code puyu-} followed by 40 URL-safe
 * characters (240 random bits from {@link SecureRandom}); only its SHA-256 is stored. Blocking
 * (JDBC): call it off the event loop.
 */
@Service
public class ApiKeyService {

    /** What every key starts with. */
    public static final String KEY_PREFIX = "puyu-";
    /** Characters after {@link #KEY_PREFIX}. */
    public static final int SECRET_LENGTH = 40;
    /** Characters of a key kept in clear for display. */
    public static final int DISPLAY_PREFIX_LENGTH = 8;
    /** The longest key name, in characters. */
    public static final int MAX_NAME_LENGTH = 100;
    /** {@code last_used_at} is written at most this often per key, not on every request. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final HexFormat HEX = HexFormat.of();

    private final ApiKeyRepository keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeyRepository keys, ObjectProvider<Clock> clock) {
        this.keys = keys;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Makes a key named {@code name}; the returned plaintext is the only copy there will ever be. */
    @Transactional
    public CreatedApiKey create(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("API key name must not be blank");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("API key name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        byte[] secret = new byte[SECRET_LENGTH * 6 / 8];
        random.nextBytes(secret);
        String plaintext = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey saved = keys.save(new ApiKey(null, stripped, hash(plaintext),
                plaintext.substring(0, DISPLAY_PREFIX_LENGTH), now(), null, null));
        return new CreatedApiKey(saved, plaintext);
    }

    /**
     * The active key whose plaintext this is, or empty (wrong, malformed or revoked). Hashes are
     * compared in constant time; a match records the use (at most once a minute).
     */
    @Transactional
    public Optional<ApiKey> authenticate(String plaintext) {
        if (plaintext == null || plaintext.length() != KEY_PREFIX.length() + SECRET_LENGTH
                || !plaintext.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        byte[] presented = hash(plaintext).getBytes(StandardCharsets.US_ASCII);
        ApiKey match = null;
        for (ApiKey candidate : keys.findByPrefix(plaintext.substring(0, DISPLAY_PREFIX_LENGTH))) {
            if (MessageDigest.isEqual(presented, candidate.keyHash().getBytes(StandardCharsets.US_ASCII))) {
                match = candidate;
            }
        }
        if (match == null || !match.active()) {
            return Optional.empty();
        }
        Instant now = now();
        if (keys.markUsed(match.id(), now, now.minus(LAST_USED_RESOLUTION)) == 1) {
            match = new ApiKey(match.id(), match.name(), match.keyHash(), match.prefix(), match.createdAt(),
                    now, match.revokedAt());
        }
        return Optional.of(match);
    }

    /** Every key, revoked ones included, newest first. */
    @Transactional(readOnly = true)
    public List<ApiKey> list() {
        return keys.findAllByOrderByIdDesc();
    }

    /**
     * Revokes the key (it stops authenticating at once); revoking a revoked key keeps its first
     * revocation time. Returns the key as it now is, or empty if there is no such key.
     */
    @Transactional
    public Optional<ApiKey> revoke(long id) {
        keys.revoke(id, now());
        return keys.findById(id);
    }

    /** Whether any key is active (if none, {@code /v1} serves loopback clients only). */
    @Transactional(readOnly = true)
    public boolean hasAnyActiveKey() {
        return keys.existsByRevokedAtIsNull();
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes: what the database stores. */
    static String hash(String plaintext) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

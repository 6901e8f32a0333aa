package ai.puyu.conversation;

/**
 * A key just made: the stored record and the plaintext, which exists only here and must be shown
 * to the user once and then forgotten.
 *
 * @param apiKey    the stored key (hash only)
 * @param plaintext the secret key, {@code puyu-} and 40 URL-safe characters
 */
public record CreatedApiKey(ApiKey apiKey, String plaintext) {

    @Override
    public String toString() {
        return "CreatedApiKey[apiKey=" + apiKey + ", plaintext=<hidden>]";
    }
}

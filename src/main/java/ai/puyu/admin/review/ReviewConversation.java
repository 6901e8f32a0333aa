package ai.puyu.admin.review;

import java.time.Instant;

/**
 * A conversation as reviewers see it: who made it (owner, API key), what answered it, its settings and
 * its flag.
 *
 * @param id           database id
 * @param owner        the user name or anonymous browser id that owns it
 * @param apiKeyId     the API key that created it through {@code /v1}, null for the chat page
 * @param apiKeyName   that key's name, null without a key
 * @param title        its title
 * @param model        the model that answers it
 * @param backend      the engine backend that answers it
 * @param systemPrompt its system prompt, null when none
 * @param maxNewTokens its reply length limit setting, null for the default
 * @param temperature  its temperature setting, null for the default
 * @param topP         its top-p setting, null for the default
 * @param createdAt    when it started
 * @param updatedAt    when it last changed
 * @param flag         its flag, null when not flagged
 */
public record ReviewConversation(long id, String owner, Long apiKeyId, String apiKeyName, String title, String model,
                                 String backend, String systemPrompt, Integer maxNewTokens, Double temperature,
                                 Double topP, Instant createdAt, Instant updatedAt, Flag flag) {

    /** Whether it is flagged. */
    public boolean flagged() {
        return flag != null;
    }

    ReviewConversation withFlag(Flag newFlag) {
        return new ReviewConversation(id, owner, apiKeyId, apiKeyName, title, model, backend, systemPrompt,
                maxNewTokens, temperature, topP, createdAt, updatedAt, newFlag);
    }
}

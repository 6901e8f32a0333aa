package ai.puyu.conversation;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A conversation: its owner, title, the model that answers it and its generation settings. Its
 * messages are a separate aggregate ({@link Message}), read through {@link ConversationService}.
 *
 * @param id        database id, null until saved
 * @param owner     the anonymous browser id or the user name that owns it
 * @param apiKeyId  the API key that created it through {@code /v1}, null for the chat page
 * @param title     shown in the conversation list
 * @param model     the model name that answers it
 * @param backend   the engine backend that answers it (cpu, cuda)
 * @param settings  generation settings for its next replies
 * @param createdAt when it was created
 * @param updatedAt when it last changed (message, rename, settings); lists are newest first by it
 */
@Table
public record Conversation(@Id Long id, String owner, Long apiKeyId, String title, String model, String backend,
                           @Embedded.Empty ConversationSettings settings, Instant createdAt, Instant updatedAt) {

    Conversation withTitle(String newTitle, Instant now) {
        return new Conversation(id, owner, apiKeyId, newTitle, model, backend, settings, createdAt, now);
    }

    Conversation withSettings(ConversationSettings newSettings, Instant now) {
        return new Conversation(id, owner, apiKeyId, title, model, backend, newSettings, createdAt, now);
    }
}

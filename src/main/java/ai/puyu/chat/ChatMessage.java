package ai.puyu.chat;

import ai.puyu.conversation.Role;

/** One message of a chat request: who wrote it and its text. */
public record ChatMessage(Role role, String content) {

    public ChatMessage {
        if (role == null) {
            throw new IllegalArgumentException("a chat message needs a role");
        }
        content = content == null ? "" : content;
    }
}

package ai.puyu.conversation;

import java.util.List;

/**
 * A conversation with all its messages in order.
 *
 * @param conversation the conversation
 * @param messages     its messages by ascending seq
 */
public record ConversationWithMessages(Conversation conversation, List<Message> messages) {

    public ConversationWithMessages {
        messages = List.copyOf(messages);
    }
}

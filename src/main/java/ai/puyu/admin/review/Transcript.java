package ai.puyu.admin.review;

import java.util.List;

/**
 * A conversation with all its messages in order.
 *
 * @param conversation the conversation
 * @param messages     its messages by seq
 */
public record Transcript(ReviewConversation conversation, List<ReviewMessage> messages) {

    public Transcript {
        messages = List.copyOf(messages);
    }
}

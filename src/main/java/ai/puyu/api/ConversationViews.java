package ai.puyu.api;

import ai.puyu.conversation.Conversation;
import ai.puyu.conversation.ConversationSettings;
import ai.puyu.conversation.ConversationWithMessages;
import ai.puyu.conversation.GenerationStats;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.Sampling;
import java.time.Instant;
import java.util.List;

/** The JSON shapes {@code /api/conversations} answers with. */
final class ConversationViews {

    private ConversationViews() {
    }

    /** A conversation without its messages. */
    record ConversationView(long id, String title, String model, ConversationSettings settings, Instant createdAt,
                            Instant updatedAt) {

        static ConversationView of(Conversation c) {
            return new ConversationView(c.id(), c.title(), c.model(), c.settings() == null
                    ? ConversationSettings.DEFAULTS : c.settings(), c.createdAt(), c.updatedAt());
        }
    }

    /** A conversation with its messages in order. */
    record ConversationDetail(long id, String title, String model, ConversationSettings settings, Instant createdAt,
                              Instant updatedAt, List<MessageView> messages) {

        static ConversationDetail of(ConversationWithMessages cm) {
            Conversation c = cm.conversation();
            return new ConversationDetail(c.id(), c.title(), c.model(), c.settings() == null
                    ? ConversationSettings.DEFAULTS : c.settings(), c.createdAt(), c.updatedAt(),
                    cm.messages().stream().map(MessageView::of).toList());
        }
    }

    /** One message; a reply has its sampling parameters and statistics. */
    record MessageView(long id, int seq, String role, String content, String status, String finishReason,
                       String errorText, String model, Sampling sampling, GenerationStats stats, Instant createdAt,
                       Instant finishedAt) {

        static MessageView of(Message m) {
            return new MessageView(m.id(), m.seq(), m.role().wireName(), m.content(), m.status().wireName(),
                    m.finishReason(), m.errorText(), m.model(), m.sampling(), m.stats(), m.createdAt(),
                    m.finishedAt());
        }
    }

    /** One page of conversations, newest first. */
    record ConversationPage(List<ConversationView> items, int page, int size, long total) {
    }
}

package ai.puyu.conversation;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the persistence contracts need from the test class that runs them on one database: the
 * beans of the slice, and a few helpers to set up conversations.
 */
interface PersistenceFixture {

    Sampling SAMPLING = new Sampling(0.7, 0.9, 40, 0.05, 256, 1234567890123L, 1.1, 0.25, -0.5);
    GenerationStats STATS = new GenerationStats(321, 54, 300, 12.5, 17.25);

    ConversationService service();

    MessageRepository messages();

    ApiKeyService apiKeys();

    JdbcTemplate jdbc();

    TickingClock clock();

    default Conversation create(String owner, String title) {
        return service().create(owner, new NewConversation(title, null, "internlm2-chat-1_8b", "cpu", null));
    }

    /** A finished exchange: a user message and a complete reply; returns the reply. */
    default Message exchange(String owner, long conversationId, String question, String answer) {
        service().appendUserMessage(owner, conversationId, question);
        Message reply = service().startAssistantMessage(owner, conversationId, "m", "cpu", SAMPLING);
        return service().finishAssistantMessage(reply.id(), MessageOutcome.complete(answer, "stop", STATS));
    }
}

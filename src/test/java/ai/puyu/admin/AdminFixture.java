package ai.puyu.admin;

import ai.puyu.admin.dashboard.DashboardService;
import ai.puyu.admin.export.JsonlExport;
import ai.puyu.admin.review.ConversationSummary;
import ai.puyu.admin.review.ReviewFilter;
import ai.puyu.admin.review.ReviewPage;
import ai.puyu.admin.review.ReviewRepository;
import ai.puyu.admin.review.ReviewService;
import ai.puyu.admin.review.ReviewSort;
import ai.puyu.audit.AuditEntry;
import ai.puyu.audit.AuditLog;
import ai.puyu.audit.AuditSearch;
import ai.puyu.conversation.ApiKeyService;
import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.ConversationSettings;
import ai.puyu.conversation.GenerationStats;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageOutcome;
import ai.puyu.conversation.NewConversation;
import ai.puyu.conversation.Sampling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.ObjectMapper;

/** What the admin contracts need from the test class that runs them on one database, and seeding helpers. */
interface AdminFixture {

    Sampling SAMPLING = new Sampling(0.7, 0.9, 40, 0.05, 256, 1234567890123L, 1.1, 0.25, -0.5);

    ConversationService conversations();

    ApiKeyService apiKeys();

    ReviewService review();

    ReviewRepository repository();

    JsonlExport export();

    DashboardService dashboard();

    AuditLog audit();

    AuditSearch auditSearch();

    JdbcTemplate jdbc();

    SettableClock clock();

    ObjectMapper json();

    /** A new conversation; returns its id. */
    default long conversation(String owner, String title, Long apiKeyId, String model, String systemPrompt) {
        return conversations().create(owner, new NewConversation(title, apiKeyId, model, "cpu",
                new ConversationSettings(systemPrompt, 128, 0.7, 0.9))).id();
    }

    /** A user message and a complete reply (finish reason stop) with these statistics; returns the reply. */
    default Message exchange(String owner, long id, String question, String answer, GenerationStats stats) {
        return exchange(owner, id, question, answer, "stop", stats);
    }

    /** A user message and a complete reply; returns the reply. */
    default Message exchange(String owner, long id, String question, String answer, String finishReason,
                             GenerationStats stats) {
        conversations().appendUserMessage(owner, id, question);
        Message reply = conversations().startAssistantMessage(owner, id, "internlm2-chat-1_8b", "cpu", SAMPLING);
        return conversations().finishAssistantMessage(reply.id(), MessageOutcome.complete(answer, finishReason, stats));
    }

    /** A user message and a reply that failed with {@code error}; returns the reply. */
    default Message failed(String owner, long id, String question, String partial, String error) {
        conversations().appendUserMessage(owner, id, question);
        Message reply = conversations().startAssistantMessage(owner, id, "internlm2-chat-1_8b", "cpu", SAMPLING);
        return conversations().finishAssistantMessage(reply.id(), MessageOutcome.error(partial, error, null));
    }

    /** The filter of {@code name, value, name, value, ...}. */
    static ReviewFilter filter(String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return ReviewFilter.parse(params);
    }

    /** The ids the filter selects, in the default order (most recently changed first). */
    default List<Long> ids(String... pairs) {
        ReviewPage page = review().search(filter(pairs), ReviewSort.DEFAULT, 0, ReviewService.MAX_PAGE_SIZE);
        return page.items().stream().map(ConversationSummary::conversation).map(c -> c.id()).toList();
    }

    /** The audit entries, newest first. */
    default List<AuditEntry> auditEntries() {
        return auditSearch().search(AuditSearch.Filter.ALL, 0, 500).entries();
    }
}

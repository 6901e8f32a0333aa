package ai.puyu.admin;

import ai.puyu.admin.dashboard.DashboardService;
import ai.puyu.admin.export.JsonlExport;
import ai.puyu.admin.review.ReviewRepository;
import ai.puyu.admin.review.ReviewService;
import ai.puyu.audit.AuditLog;
import ai.puyu.audit.AuditSearch;
import ai.puyu.conversation.ApiKeyService;
import ai.puyu.conversation.ConversationService;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The admin slice on one database, with empty tables and the clock at {@link SettableClock#START} before each
 * test. A subclass names the database (through {@code @DynamicPropertySource}) and the contracts it runs.
 * (The audit table is emptied here by the test itself, bypassing the append-only service on purpose.)
 */
@AdminSlice
abstract class AdminTestBase implements AdminFixture {

    @Autowired
    private ConversationService conversations;
    @Autowired
    private ApiKeyService apiKeys;
    @Autowired
    private ReviewService review;
    @Autowired
    private ReviewRepository repository;
    @Autowired
    private JsonlExport export;
    @Autowired
    private DashboardService dashboard;
    @Autowired
    private AuditLog audit;
    @Autowired
    private AuditSearch auditSearch;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private Clock clock;
    @Autowired
    private ObjectMapper json;

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM conversation_tag");
        jdbc.update("DELETE FROM message");
        jdbc.update("DELETE FROM conversation");
        jdbc.update("DELETE FROM api_key");
        jdbc.update("DELETE FROM audit_entry");
        clock().set(SettableClock.START);
    }

    @Override
    public ConversationService conversations() {
        return conversations;
    }

    @Override
    public ApiKeyService apiKeys() {
        return apiKeys;
    }

    @Override
    public ReviewService review() {
        return review;
    }

    @Override
    public ReviewRepository repository() {
        return repository;
    }

    @Override
    public JsonlExport export() {
        return export;
    }

    @Override
    public DashboardService dashboard() {
        return dashboard;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public AuditSearch auditSearch() {
        return auditSearch;
    }

    @Override
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public SettableClock clock() {
        return (SettableClock) clock;
    }

    @Override
    public ObjectMapper json() {
        return json;
    }
}

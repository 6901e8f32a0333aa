package ai.puyu.conversation;

import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The persistence slice on one database, with empty tables before each test. A subclass names the
 * database (through {@code @DynamicPropertySource}) and the contracts it runs.
 */
@PersistenceSlice
abstract class PersistenceTestBase implements PersistenceFixture {

    @Autowired
    private ConversationService service;
    @Autowired
    private MessageRepository messages;
    @Autowired
    private ApiKeyService apiKeys;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private Clock clock;

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM message");
        jdbc.update("DELETE FROM conversation");
        jdbc.update("DELETE FROM api_key");
    }

    @Override
    public ConversationService service() {
        return service;
    }

    @Override
    public MessageRepository messages() {
        return messages;
    }

    @Override
    public ApiKeyService apiKeys() {
        return apiKeys;
    }

    @Override
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public TickingClock clock() {
        return (TickingClock) clock;
    }
}

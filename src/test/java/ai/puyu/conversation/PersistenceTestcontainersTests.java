package ai.puyu.conversation;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The persistence contracts on PostgreSQL 15 in a throwaway container; skipped with the reason
 * where no Docker engine is available.
 */
@RequiresDocker
@Testcontainers
class PersistenceTestcontainersTests extends PersistenceTestBase
        implements ConversationContract, MessageContentContract, ApiKeyContract {

    @Container
    @ServiceConnection
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15");
}

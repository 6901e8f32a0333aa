package ai.puyu.conversation;

import ai.puyu.testsupport.LocalPostgres;
import ai.puyu.testsupport.RequiresLocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The persistence contracts on the local PostgreSQL server, in a schema of their own that is
 * dropped afterwards; skipped with the reason when the server does not answer (a failure where CI
 * is set).
 */
@RequiresLocalPostgres
class PersistencePostgresTests extends PersistenceTestBase implements ConversationContract, MessageContentContract, ApiKeyContract {

    private static final LocalPostgres DATABASE = LocalPostgres.newSchema();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @AfterAll
    static void dropSchema() {
        DATABASE.drop();
    }
}

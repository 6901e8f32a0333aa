package ai.puyu.admin;

import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.ConversationSettings;
import ai.puyu.conversation.GenerationStats;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageOutcome;
import ai.puyu.conversation.NewConversation;
import ai.puyu.conversation.Sampling;
import ai.puyu.security.UserAccounts;
import ai.puyu.security.UserRole;
import ai.puyu.testsupport.TempDirs;
import ai.puyu.testsupport.WebSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One whole Puyu on a random port with the tiny demo model and an H2 database in a temporary directory, shared by
 * the admin API, page and browser tests (one Spring context: same configuration, no extra annotations in the
 * subclasses). Two accounts made through the security package's {@link UserAccounts}, each signed in for real
 * (the sign-in form, with its CSRF token): {@link #REVIEWER} and {@link #ADMIN}; their sessions last as long as
 * the server. Tables (the audit log too) are emptied before each test, after the sign-ins.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
abstract class AdminWebTestBase {

    static final Path DATA_DIR = TempDirs.create("puyu-admin-tests");

    /** The reviewer's and the administrator's usernames. */
    static final String REVIEWER = "rita";
    static final String ADMIN = "adam";

    /** Signed-in browsers by port and username: one sign-in per account and server. */
    private static final Map<String, WebSession> SESSIONS = new ConcurrentHashMap<>();

    static final Sampling SAMPLING = new Sampling(0.7, 0.9, 40, 0.05, 256, 42L, 1.1, 0.0, 0.0);

    @LocalServerPort
    int port;

    @Autowired
    ConversationService conversations;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UserAccounts accounts;

    @Autowired
    WebTestClient web;

    /** A browser signed in as {@link #REVIEWER} (role REVIEWER). */
    WebSession reviewer;

    /** A browser signed in as {@link #ADMIN} (role ADMIN). */
    WebSession admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("puyu.data-dir", DATA_DIR::toString);
        registry.add("puyu.model-path", () -> "");
        registry.add("puyu.engine.threads", () -> "1");
        registry.add("puyu.engine.max-running", () -> "2");
        registry.add("puyu.engine.max-context", () -> "512");
    }

    /** The password of a test account. */
    static String passwordOf(String username) {
        return username + "-review-pass";
    }

    /** The account, made once with this role. */
    void account(String username, UserRole role) {
        if (accounts.findByUsername(username).isEmpty()) {
            accounts.create("admin", username, passwordOf(username), role);
        }
    }

    private WebSession signedIn(String username, UserRole role) {
        return SESSIONS.computeIfAbsent(port + "/" + username, key -> {
            account(username, role);
            return WebSession.signIn(web, username, passwordOf(username));
        });
    }

    @BeforeEach
    void signInAndEmptyTables() {
        reviewer = signedIn(REVIEWER, UserRole.REVIEWER);
        admin = signedIn(ADMIN, UserRole.ADMIN);
        jdbc.update("DELETE FROM conversation_tag");
        jdbc.update("DELETE FROM message");
        jdbc.update("DELETE FROM conversation");
        jdbc.update("DELETE FROM api_key");
        jdbc.update("DELETE FROM audit_entry");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A conversation with one exchange per pair of {@code turns} (question, answer); returns its id. */
    long seed(String owner, String title, String systemPrompt, String... turns) {
        long id = conversations.create(owner, new NewConversation(title, null, "demo-tiny", "cpu",
                new ConversationSettings(systemPrompt, 64, 0.7, 0.9))).id();
        for (int i = 0; i + 1 < turns.length; i += 2) {
            conversations.appendUserMessage(owner, id, turns[i]);
            Message reply = conversations.startAssistantMessage(owner, id, "demo-tiny", "cpu", SAMPLING);
            conversations.finishAssistantMessage(reply.id(), MessageOutcome.complete(turns[i + 1], "stop",
                    new GenerationStats(120 + i, 30 + i, 64, 85.5 + i, 21.25 + i)));
        }
        return id;
    }

    /** The id of the conversation's {@code n}th message (from 0). */
    long messageId(long conversationId, int n) {
        return jdbc.queryForObject("SELECT id FROM message WHERE conversation_id = ? AND seq = ?", Long.class,
                conversationId, n);
    }
}

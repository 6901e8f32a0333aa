package ai.puyu.security;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The account rules on the local PostgreSQL server (127.0.0.1:5432, database {@code test}, trust auth), in a schema
 * of their own dropped afterwards. Skipped when the server does not answer, except where {@code CI} is set.
 */
class UserAccountsPostgresTests extends UserAccountsTestBase {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";
    private static final String SCHEMA = "puyu_users_" + HexFormat.of().toHexDigits(
            ThreadLocalRandom.current().nextLong());
    /** Why the server cannot be used, or null when the schema was made. */
    private static final String UNREACHABLE = createSchema();

    private static String createSchema() {
        try {
            execute("CREATE SCHEMA " + SCHEMA);
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    @BeforeAll
    static void serverAnswers() {
        if (UNREACHABLE != null) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                throw new IllegalStateException("PostgreSQL at " + URL + " is not reachable (" + UNREACHABLE
                        + "); CI is set, so the PostgreSQL tests must run");
            }
            assumeThat(UNREACHABLE).as("PostgreSQL at " + URL + " answers").isNull();
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (UNREACHABLE == null) {
            execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL + "?connectTimeout=3", USER, "");
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}

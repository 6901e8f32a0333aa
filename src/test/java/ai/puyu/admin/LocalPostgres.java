package ai.puyu.admin;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL server at 127.0.0.1:5432 (trust auth, database {@code test}), as the conversation persistence
 * tests use it: each test class gets a schema of its own, {@code puyu_test_<random>}, dropped afterwards.
 */
final class LocalPostgres {

    static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> USERS = List.of("postgres", "root");

    private static volatile Availability availability;

    /** Whether the server answered, as whom, or why not. */
    record Availability(String user, String problem) {
        boolean reachable() {
            return user != null;
        }
    }

    private final String schema = "puyu_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private boolean created;

    static LocalPostgres newSchema() {
        return new LocalPostgres();
    }

    static Availability availability() {
        Availability known = availability;
        if (known == null) {
            StringBuilder problems = new StringBuilder();
            for (String user : USERS) {
                try (Connection ignored = connect(user)) {
                    known = new Availability(user, null);
                    break;
                } catch (SQLException e) {
                    problems.append(problems.isEmpty() ? "" : "; ").append(user).append(": ").append(e.getMessage());
                }
            }
            known = known != null ? known : new Availability(null, problems.toString());
            availability = known;
        }
        return known;
    }

    private static Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(SERVER_URL + "?connectTimeout=3&socketTimeout=60", user, "");
    }

    /** Creates the schema and points Spring's data source (and Flyway) at it. */
    void register(DynamicPropertyRegistry registry) {
        String user = availability().user();
        execute("CREATE SCHEMA " + schema);
        created = true;
        registry.add("spring.datasource.url", () -> SERVER_URL + "?currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> user);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> schema);
    }

    void drop() {
        if (created) {
            execute("DROP SCHEMA " + schema + " CASCADE");
            created = false;
        }
    }

    private static void execute(String sql) {
        try (Connection connection = connect(availability().user()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused '" + sql + "': " + e.getMessage(), e);
        }
    }
}

package ai.puyu.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL server these machines run at 127.0.0.1:5432 (trust auth, database {@code test}). Each test class
 * gets a schema of its own, {@code puyu_test_<random>}, dropped afterwards, so runs never see each other's rows.
 * Use with {@link RequiresLocalPostgres}:
 * <pre>
 * private static final LocalPostgres DATABASE = LocalPostgres.newSchema();
 * &#64;DynamicPropertySource static void postgres(DynamicPropertyRegistry r) { DATABASE.register(r); }
 * &#64;AfterAll static void dropSchema() { DATABASE.drop(); }
 * </pre>
 */
public final class LocalPostgres {

    /** The server and database. */
    public static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> USERS = List.of("postgres", "root");

    private static volatile Availability availability;

    /** Whether the server answered, as whom, or why not. */
    public record Availability(String user, String problem) {
        /** Whether a connection was made. */
        public boolean reachable() {
            return user != null;
        }
    }

    private final String schema = "puyu_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private boolean created;

    private LocalPostgres() {
    }

    /** A not-yet-created schema; {@link #register} creates it. */
    public static LocalPostgres newSchema() {
        return new LocalPostgres();
    }

    /** Whether the server answers (asked once per test run). */
    public static Availability availability() {
        Availability known = availability;
        if (known == null) {
            known = probe();
            availability = known;
        }
        return known;
    }

    private static Availability probe() {
        StringBuilder problems = new StringBuilder();
        for (String user : USERS) {
            try (Connection ignored = connect(user)) {
                return new Availability(user, null);
            } catch (SQLException e) {
                problems.append(problems.isEmpty() ? "" : "; ").append(user).append(": ").append(e.getMessage());
            }
        }
        return new Availability(null, problems.toString());
    }

    private static Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(SERVER_URL + "?connectTimeout=3&socketTimeout=60", user, "");
    }

    /** The schema's name. */
    public String schema() {
        return schema;
    }

    /** Creates the schema and points Spring's data source (and Flyway) at it. */
    public void register(DynamicPropertyRegistry registry) {
        String user = availability().user();
        execute("CREATE SCHEMA " + schema);
        created = true;
        registry.add("spring.datasource.url", () -> SERVER_URL + "?currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> user);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> schema);
    }

    /** Drops the schema and everything in it. */
    public void drop() {
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

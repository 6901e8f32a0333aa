package ai.puyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code puyu api-key create} stores a key in the configured database and prints it once; list shows it. */
class ApiKeyCommandTests {

    @TempDir
    Path dataDir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new PuyuCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertThat(code).as(err.toString()).isZero();
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void createsAKeyPrintsItOnceAndListsItWithoutTheSecret() {
        String dir = "--puyu.data-dir=" + dataDir;
        String[] created = run("api-key", "create", "ci-robot", dir);
        String key = created[0].strip();
        assertThat(key).matches("puyu-[A-Za-z0-9_-]{40}");
        assertThat(created[1]).contains("ci-robot").contains("only this once");
        assertThat(Files.exists(dataDir.resolve("db"))).isTrue();
        assertThat(Files.exists(dataDir.resolve("models"))).as("the model is not loaded").isFalse();

        String listed = run("api-key", "list", dir)[0];
        assertThat(listed).contains("ci-robot").contains(key.substring(0, 8)).doesNotContain(key.substring(8))
                .contains("active");
    }
}

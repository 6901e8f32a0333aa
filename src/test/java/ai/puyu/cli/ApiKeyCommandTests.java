package ai.puyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code puyu api-key create} stores a key in the configured database and prints it once; list shows it. */
@ExtendWith(OutputCaptureExtension.class)
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

    @Test
    void saysInOneLineToUseTheAdminPageWhileAServerHoldsTheDatabase(CapturedOutput output) throws Exception {
        String dir = "--puyu.data-dir=" + dataDir;
        run("api-key", "create", "first", dir);
        Path file = dataDir.resolve("db").resolve("puyu.mv.db");
        assertThat(file).exists();
        // a running server holds an OS lock on the file: take it as another process would
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            assertThat(lock.isValid()).isTrue();
            StringWriter err = new StringWriter();
            CommandLine cli = PuyuCommand.commandLine();
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(err));
            int code = cli.execute("api-key", "create", "second", dir);
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().strip()).doesNotContain("\n").startsWith("puyu: ")
                    .contains("in use by a running Puyu server", "/admin/keys");
        }
        assertThat(output.getAll()).as("no start-up report or stack trace around the one line")
                .doesNotContain("Application run failed", "Exception", "\tat ");
        assertThat(run("api-key", "list", dir)[0]).contains("first").doesNotContain("second");
    }
}

package ai.puyu.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs a {@code puyu} command in-process with the real error handling, given stdin, capturing stdout and stderr. */
final class CliHarness {

    record Result(int exit, String out, String err) {
    }

    private CliHarness() {
    }

    static synchronized Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PuyuCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        InputStream saved = PuyuCommand.stdin;
        PuyuCommand.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        try {
            int exit = cli.execute(args);
            return new Result(exit, out.toString(), err.toString());
        } finally {
            PuyuCommand.stdin = saved;
        }
    }
}

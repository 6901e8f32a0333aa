package ai.puyu.cli;

import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.tensor.DType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs a {@code puyu} command in-process with the real error handling, given stdin, capturing stdout and stderr. */
final class CliHarness {

    record Result(int exit, String out, String err) {
    }

    private CliHarness() {
    }

    /** Writes the tiny demo model (seed 1) of this dtype to dir/tiny and returns its path, for --model. */
    static String tinyModel(Path dir, DType dtype) throws IOException {
        Path m = dir.resolve("tiny");
        DemoCheckpoint.write(m, new DemoCheckpoint.Options("tiny", 1, dtype, null), LoadProgress.NONE);
        return m.toString();
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

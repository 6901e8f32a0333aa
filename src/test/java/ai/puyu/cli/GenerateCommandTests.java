package ai.puyu.cli;

import ai.puyu.cli.CliHarness.Result;
import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.tensor.DType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code puyu generate} and {@code puyu chat} on the tiny demo model (f32, seed 1), through picocli. */
class GenerateCommandTests {

    /** Prompt 2 of src/test/resources/golden/internlm2-tiny-f32-seed1.json and its first 20 greedy tokens. */
    private static final String PROMPT = "1,334,973,157,407,669,52,77,843,551,99,377,599,62,934,522,222,41,91,447,431,"
            + "74,249,95,567,437,63,849,582,129,973,231,648,645,599,973,66";
    private static final String GREEDY = "[689,437,184,181,451,70,840,122,363,537,587,363,537,587,573,847,813,441,840,122]";

    @TempDir
    static Path dir;
    private static String model;

    @BeforeAll
    static void demoModel() throws Exception {
        model = CliHarness.tinyModel(dir, DType.F32);
    }

    static Result run(String stdin, String... args) {
        return CliHarness.run(stdin, args);
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void printsTheReferenceGreedyIdsAsTheLastLine() {
        for (String quantAndThreads : new String[] {"1", "2"}) {
            Result r = run("", "generate", "--model", model, "--prompt-ids", PROMPT, "--max-tokens", "20",
                    "--print-ids", "--threads", quantAndThreads);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(lastLine(r.out())).isEqualTo(GREEDY);
            assertThat(r.err()).contains("prefill 37 tokens at").contains("decode 19 tokens at").contains("finish: length");
        }
    }

    @Test
    void samplesReproduciblyWithASeed() {
        String[] args = {"generate", "--model", model, "--chat", "Hello <|im_end|>", "--system", "Be brief.",
                "--temperature", "0.9", "--top-p", "0.95", "--top-k", "50", "--seed", "7", "--max-tokens", "12",
                "--print-ids", "--quant", "q8"};
        Result a = run("", args);
        Result b = run("", args);
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(lastLine(a.out())).startsWith("[");
    }

    @Test
    void rejectsBadInputInOneLine() {
        Result ids = run("", "generate", "--model", model, "--prompt-ids", "1,5000");
        assertThat(ids.exit()).isEqualTo(1);
        assertThat(ids.err().strip()).isEqualTo("puyu: --prompt-ids: id 5000 is outside the vocabulary [0, 1024)");
        Result system = run("", "generate", "--model", model, "--prompt", "x", "--system", "s");
        assertThat(system.err().strip()).isEqualTo("puyu: --system needs --chat");
        Result quant = run("", "generate", "--model", model, "--prompt", "x", "--quant", "q3");
        assertThat(quant.err().strip()).isEqualTo("puyu: unknown quantization 'q3' (expected none, q8 or q4)");
        Result missing = run("", "generate", "--model", dir.resolve("none").toString(), "--prompt", "x");
        assertThat(missing.err().strip()).startsWith("puyu: checkpoint directory").endsWith("is not a directory");
    }
}

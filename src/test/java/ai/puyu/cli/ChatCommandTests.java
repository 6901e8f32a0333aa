package ai.puyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.cli.CliHarness.Result;
import ai.puyu.engine.tensor.DType;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code puyu chat}: turns keep their history in the KV cache; /reset starts over. */
class ChatCommandTests {

    @TempDir
    static Path dir;
    private static String model;

    @BeforeAll
    static void demoModel() throws Exception {
        model = CliHarness.tinyModel(dir, DType.F32);
    }

    @Test
    void keepsHistoryInTheCacheAndStartsOverAfterReset() {
        String[] greedy = {"--model", model, "--temperature", "0", "--repetition-penalty", "1", "--max-tokens", "10"};
        Result alone = GenerateCommandTests.run("", concat(new String[] {"generate", "--chat", "Hello there"}, greedy));
        assertThat(alone.exit()).as(alone.err()).isZero();
        Result chat = GenerateCommandTests.run("Hello there\nAnd then?\n/reset\nHello there\n/exit\n",
                concat(new String[] {"chat"}, greedy));
        assertThat(chat.exit()).as(chat.err()).isZero();
        // the first turn answers as a one-off generation does, and so does the first turn after /reset
        assertThat(chat.out()).startsWith(alone.out()).endsWith(alone.out());
        Matcher m = Pattern.compile("\\((\\d+) new prompt tokens, (\\d+) reused").matcher(chat.err());
        int[][] turns = new int[3][];
        for (int i = 0; i < 3; i++) {
            assertThat(m.find()).isTrue();
            turns[i] = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        assertThat(turns[0][1]).isZero();
        assertThat(turns[1][1]).as("second turn reuses the first").isGreaterThan(turns[0][0] - 1);
        assertThat(turns[2]).containsExactly(turns[0]);
        assertThat(chat.err()).contains("(history cleared)");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

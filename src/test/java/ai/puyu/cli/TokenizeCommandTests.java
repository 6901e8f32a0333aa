package ai.puyu.cli;

import ai.puyu.cli.CliHarness.Result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives {@code puyu tokenize} and {@code puyu detokenize} through picocli with redirected streams and
 * compares them with spm_encode / spm_decode output recorded by ops/reference/tokenizer/make_corpus.py.
 */
class TokenizeCommandTests {

    private static final String MODEL = "../shared/internlm2/tokenizer.model";
    private static final Path RESOURCES = Path.of("src/test/resources/tokenizer");

    static Result run(String stdin, String... args) {
        return CliHarness.run(stdin, args);
    }

    private static void assumeModel() {
        assumeTrue(Files.isRegularFile(Path.of(MODEL)),
                "the real InternLM2 tokenizer " + Path.of(MODEL).toAbsolutePath().normalize() + " is absent; CI has it");
    }

    /** spm_encode's "1 2 3" lines as "[1, 2, 3]" lines. */
    private static String spmIdsAsJson(String file) throws IOException {
        return Files.readAllLines(RESOURCES.resolve(file), StandardCharsets.UTF_8).stream()
                .map(l -> "[" + String.join(", ", l.trim().split(" ")) + "]")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void tokenizeMatchesSpmEncode() throws IOException {
        assumeModel();
        Result r = run(Files.readString(RESOURCES.resolve("cli_input.jsonl")), "tokenize", "--tokenizer", MODEL);
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out().replace("\r\n", "\n")).isEqualTo(spmIdsAsJson("cli_spm_ids.txt"));
    }

    @Test
    void tokenizeWithBosMatchesSpmEncodeWithBosOption() throws IOException {
        assumeModel();
        Result r = run(Files.readString(RESOURCES.resolve("cli_input.jsonl")), "tokenize", "--bos", "--tokenizer", MODEL);
        assertThat(r.exit()).isZero();
        assertThat(r.out().replace("\r\n", "\n")).isEqualTo(spmIdsAsJson("cli_spm_bos_ids.txt"));
    }

    @Test
    void detokenizeMatchesSpmDecode() throws IOException {
        assumeModel();
        Result r = run(spmIdsAsJson("cli_spm_ids.txt"), "detokenize", "--tokenizer", MODEL);
        assertThat(r.exit()).isZero();
        JsonMapper json = JsonMapper.builder().build();
        List<String> got = Arrays.stream(r.out().split("\r?\n")).map(l -> json.readValue(l, String.class)).toList();
        assertThat(got).isEqualTo(Files.readAllLines(RESOURCES.resolve("cli_spm_decoded.txt"), StandardCharsets.UTF_8));
        assertThat(r.out()).matches("[\\x00-\\x7F]*"); // non-ASCII is escaped
    }

    @Test
    void parseSpecialTurnsSpecialTokenStringsIntoIds() {
        assumeModel();
        String line = "\"<s><|im_start|>user\\nHello! What's your name?<|im_end|>\\n<|im_start|>assistant\\n\"\n";
        Result special = run(line, "tokenize", "--parse-special", "--tokenizer", MODEL);
        assertThat(special.out().trim())
                .isEqualTo("[1, 92543, 1008, 364, 9843, 346, 3716, 725, 829, 963, 345, 92542, 364, 92543, 525, 11353, 364]");
        Result plain = run(line, "tokenize", "--tokenizer", MODEL);
        assertThat(plain.out()).doesNotContain("92543").doesNotContain("92542");
    }

    @Test
    void rejectsALineThatIsNotAJsonString() {
        assumeModel();
        Result r = run("\"ok\"\n[1, 2]\n", "tokenize", "--tokenizer", MODEL);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("puyu: stdin line 2: expected a JSON string, got array" + System.lineSeparator());
        Result broken = run("\"unterminated\n", "tokenize", "--tokenizer", MODEL);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).startsWith("puyu: stdin line 1: not valid JSON").hasLineCount(1);
    }

    @Test
    void rejectsAnIdOutOfRange() {
        assumeModel();
        Result r = run("[1, 92544]\n", "detokenize", "--tokenizer", MODEL);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("puyu: stdin line 1: token id 92544 is out of range (vocabulary has 92544 pieces)"
                + System.lineSeparator());
        Result text = run("[\"a\"]\n", "detokenize", "--tokenizer", MODEL);
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.err()).contains("element 0").hasLineCount(1);
    }

    @Test
    void reportsAMissingTokenizerFileInOneLine() {
        Result r = run("\"x\"\n", "tokenize", "--tokenizer", "no/such/tokenizer.model");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("puyu: no/such/tokenizer.model: tokenizer model file not found" + System.lineSeparator());
        Result d = run("[1]\n", "detokenize", "--tokenizer", "no/such/tokenizer.model");
        assertThat(d.exit()).isEqualTo(1);
        assertThat(d.err()).hasLineCount(1).contains("no/such/tokenizer.model");
    }

    @Test
    void reportsACorruptTokenizerFileInOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.model");
        Files.write(bad, new byte[] {0x0A, 0x7F, 0x01});
        Result r = run("\"x\"\n", "tokenize", "--tokenizer", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("puyu: not a valid SentencePiece model: " + bad).hasLineCount(1);
    }
}

package ai.puyu.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Int8 and int4 weights (quantized on load) against the bf16 weights they come from, on the tiny demo model
 * (bf16, seed 1): relative logit error max|q - b| / max|b| per step, with the bf16 model's greedy tokens fed to
 * both (teacher forcing), and the share of steps whose greedy token agrees.
 */
class QuantizationAccuracyTests {

    private static final int STEPS = 64;

    @TempDir
    static Path dir;
    private static Checkpoint checkpoint;
    private static Matmul matmul;

    @BeforeAll
    static void setUp() throws Exception {
        checkpoint = TeacherForcing.tinyBf16(dir);
        matmul = new Matmul(2);
    }

    @AfterAll
    static void close() {
        matmul.close();
        checkpoint.close();
    }

    private static InternLM2Model model(String quant) {
        return TeacherForcing.model(checkpoint, matmul, quant);
    }


    private static double[] compare(InternLM2Model reference, InternLM2Model quantized) {
        return TeacherForcing.compare(reference, () -> reference.newKvCache(1 << 22), quantized,
                () -> quantized.newKvCache(1 << 22), STEPS);
    }

    @Test
    void int8WeightsStayCloseToBf16() {
        InternLM2Model bf16 = model("none");
        InternLM2Model q8 = model("q8");
        double[] r = compare(bf16, q8);
        report("q8", r, q8.weightBytesPerToken(), bf16.weightBytesPerToken());
        assertThat(r[0]).isLessThan(0.02);
        assertThat(r[2]).isGreaterThanOrEqualTo(0.9);
        // Storage per weight (34/32 bytes for q8) is asserted on model widths in QuantizationTests: the q8/q4 layout
        // pads each row to 512-column superblocks, which the tiny model's 128/256-wide rows do not fill.
    }

    @Test
    void int4WeightsStayWithinBoundsOfBf16() {
        InternLM2Model bf16 = model("none");
        InternLM2Model q4 = model("q4");
        double[] r = compare(bf16, q4);
        report("q4", r, q4.weightBytesPerToken(), bf16.weightBytesPerToken());
        // Random demo weights are the worst case for 16 levels (no outlier structure): about 12% mean error.
        assertThat(r[0]).isLessThan(0.25);
        assertThat(r[1]).isLessThan(0.15);
        assertThat(r[2]).isGreaterThanOrEqualTo(0.8);
        // Storage per weight (18/32 bytes for q4) is asserted on model widths in QuantizationTests.
    }

    private static void report(String quant, double[] r, long bytes, long bf16Bytes) {
        System.out.printf(Locale.ROOT, "QuantizationAccuracyTests %s vs bf16: max relative logit error %.4f, mean %.4f, "
                + "greedy agreement %.1f%%, weight bytes %d vs %d%n", quant, r[0], r[1], 100 * r[2], bytes, bf16Bytes);
    }
}

package ai.puyu.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.WeightMatrices;
import java.nio.file.Path;
import java.util.List;
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
    private static final int[][] PROMPTS = {
            {1, 1023, 600, 601, 13, 400, 401, 402, 403, 404, 405, 1022, 13, 1023, 700, 13},
            {1, 334, 973, 157, 407, 669, 52, 77, 843, 551, 99, 377},
            {1}};

    @TempDir
    static Path dir;
    private static Checkpoint checkpoint;
    private static Matmul matmul;

    @BeforeAll
    static void setUp() throws Exception {
        Path model = dir.resolve("tiny-bf16");
        DemoCheckpoint.write(model, new DemoCheckpoint.Options("tiny", 1, DType.BF16, null), LoadProgress.NONE);
        checkpoint = Checkpoint.open(model);
        matmul = new Matmul(2);
    }

    @AfterAll
    static void close() {
        matmul.close();
        checkpoint.close();
    }

    private static InternLM2Model model(String quant) {
        return new InternLM2Model(checkpoint.config(), checkpoint.weights(), t -> WeightMatrices.quantize(t, quant),
                VectorKernels.INSTANCE, matmul);
    }

    private static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }

    /** {max relative error over all steps, mean relative error, share of agreeing greedy tokens}. */
    private static double[] compare(InternLM2Model reference, InternLM2Model quantized) {
        double max = 0;
        double sum = 0;
        int agree = 0;
        int n = 0;
        for (int[] prompt : PROMPTS) {
            try (KvCache c1 = reference.newKvCache(1 << 22); KvCache c2 = quantized.newKvCache(1 << 22)) {
                BlockTable t1 = c1.newSequence();
                BlockTable t2 = c2.newSequence();
                float[] a = reference.forward(List.of(InternLM2Chunk.of(t1, prompt)))[0];
                float[] b = quantized.forward(List.of(InternLM2Chunk.of(t2, prompt)))[0];
                for (int s = 0; s < STEPS; s++) {
                    double err = InternLM2GoldenTests.relativeError(b, 0, a, 0, a.length);
                    max = Math.max(max, err);
                    sum += err;
                    int token = argmax(a);
                    agree += argmax(b) == token ? 1 : 0;
                    n++;
                    a = reference.forward(List.of(InternLM2Chunk.of(t1, token)))[0];
                    b = quantized.forward(List.of(InternLM2Chunk.of(t2, token)))[0];
                }
            }
        }
        return new double[] {max, sum / n, agree / (double) n};
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

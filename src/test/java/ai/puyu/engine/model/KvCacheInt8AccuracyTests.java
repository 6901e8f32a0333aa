package ai.puyu.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.WeightMatrices;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The int8 KV cache (puyu.engine.kv-cache-dtype=int8) against the float32 one, same model and weights (the tiny
 * demo model, bf16, seed 1): relative logit error max|i - f| / max|f| per step with the f32 run's greedy tokens fed
 * to both (teacher forcing), and the share of steps whose greedy token agrees; and that an int8 cache, like the f32
 * one, gives the same logits however the prompt is split into steps.
 */
class KvCacheInt8AccuracyTests {

    private static final int STEPS = 64;
    private static final int[][] PROMPTS = {
            {1, 1023, 600, 601, 13, 400, 401, 402, 403, 404, 405, 1022, 13, 1023, 700, 13},
            {1, 334, 973, 157, 407, 669, 52, 77, 843, 551, 99, 377},
            {1}};
    private static final long BUDGET = 1 << 22;

    @TempDir
    static Path dir;
    private static Checkpoint checkpoint;
    private static Matmul matmul;
    private static InternLM2Model model;

    @BeforeAll
    static void setUp() throws Exception {
        Path path = dir.resolve("tiny-bf16");
        DemoCheckpoint.write(path, new DemoCheckpoint.Options("tiny", 1, DType.BF16, null), LoadProgress.NONE);
        checkpoint = Checkpoint.open(path);
        matmul = new Matmul(2);
        model = new InternLM2Model(checkpoint.config(), checkpoint.weights(), t -> WeightMatrices.quantize(t, "none"),
                VectorKernels.INSTANCE, matmul);
    }

    @AfterAll
    static void close() {
        matmul.close();
        checkpoint.close();
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

    @Test
    void int8KeysAndValuesStayCloseToFloat32() {
        double max = 0;
        double sum = 0;
        int agree = 0;
        int n = 0;
        for (int[] prompt : PROMPTS) {
            try (KvCache f32 = model.newKvCache(BUDGET, 16, KvDType.F32); KvCache int8 = model.newKvCache(BUDGET, 16, KvDType.INT8)) {
                BlockTable t1 = f32.newSequence();
                BlockTable t2 = int8.newSequence();
                float[] a = model.forward(List.of(InternLM2Chunk.of(t1, prompt)))[0];
                float[] b = model.forward(List.of(InternLM2Chunk.of(t2, prompt)))[0];
                for (int s = 0; s < STEPS; s++) {
                    double err = InternLM2GoldenTests.relativeError(b, 0, a, 0, a.length);
                    max = Math.max(max, err);
                    sum += err;
                    int token = argmax(a);
                    agree += argmax(b) == token ? 1 : 0;
                    n++;
                    a = model.forward(List.of(InternLM2Chunk.of(t1, token)))[0];
                    b = model.forward(List.of(InternLM2Chunk.of(t2, token)))[0];
                }
            }
        }
        System.out.printf(Locale.ROOT, "KvCacheInt8AccuracyTests int8 vs f32 KV: max relative logit error %.4f, mean %.4f, "
                + "greedy agreement %.1f%% over %d steps%n", max, sum / n, 100.0 * agree / n, n);
        assertThat(max).isGreaterThan(0); // the int8 path really ran
        assertThat(max).isLessThan(0.05);
        assertThat(sum / n).isLessThan(0.01);
        assertThat(agree / (double) n).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void anInt8CacheGivesTheSameLogitsHoweverThePromptIsSplit() {
        int[] prompt = PROMPTS[0];
        try (KvCache whole = model.newKvCache(BUDGET, 16, KvDType.INT8); KvCache split = model.newKvCache(BUDGET, 16, KvDType.INT8)) {
            float[] a = model.forward(List.of(InternLM2Chunk.of(whole.newSequence(), prompt)))[0];
            BlockTable t = split.newSequence();
            model.forward(List.of(InternLM2Chunk.of(t, Arrays.copyOf(prompt, 5))));
            float[] b = null;
            for (int i = 5; i < prompt.length; i++) {
                b = model.forward(List.of(InternLM2Chunk.of(t, prompt[i])))[0];
            }
            assertThat(b).containsExactly(a);
        }
    }
}

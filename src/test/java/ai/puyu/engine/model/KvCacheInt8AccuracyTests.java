package ai.puyu.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
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
    private static final long BUDGET = 1 << 22;

    @TempDir
    static Path dir;
    private static Checkpoint checkpoint;
    private static Matmul matmul;
    private static InternLM2Model model;

    @BeforeAll
    static void setUp() throws Exception {
        checkpoint = TeacherForcing.tinyBf16(dir);
        matmul = new Matmul(2);
        model = TeacherForcing.model(checkpoint, matmul, "none");
    }

    @AfterAll
    static void close() {
        matmul.close();
        checkpoint.close();
    }


    @Test
    void int8KeysAndValuesStayCloseToFloat32() {
        double[] r = TeacherForcing.compare(model, () -> model.newKvCache(BUDGET, 16, KvDType.F32), model,
                () -> model.newKvCache(BUDGET, 16, KvDType.INT8), STEPS);
        double max = r[0];
        double mean = r[1];
        int n = TeacherForcing.PROMPTS.length * STEPS;
        System.out.printf(Locale.ROOT, "KvCacheInt8AccuracyTests int8 vs f32 KV: max relative logit error %.4f, mean %.4f, "
                + "greedy agreement %.1f%% over %d steps%n", max, mean, 100 * r[2], n);
        assertThat(max).isGreaterThan(0); // the int8 path really ran
        assertThat(max).isLessThan(0.05);
        assertThat(mean).isLessThan(0.01);
        assertThat(r[2]).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void anInt8CacheGivesTheSameLogitsHoweverThePromptIsSplit() {
        int[] prompt = TeacherForcing.PROMPTS[0];
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

package ai.puyu.engine.model;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.sampling.Sampler;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.WeightMatrices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Two runs compared step by step over the same prompts, the reference's greedy token fed to both (teacher forcing):
 * how far an approximation (quantized weights, an int8 KV cache) moves the logits and the greedy choice.
 */
final class TeacherForcing {

    /** Prompts for the tiny demo model (vocabulary 1024). */
    static final int[][] PROMPTS = {
            {1, 1023, 600, 601, 13, 400, 401, 402, 403, 404, 405, 1022, 13, 1023, 700, 13},
            {1, 334, 973, 157, 407, 669, 52, 77, 843, 551, 99, 377},
            {1}};

    private TeacherForcing() {
    }

    /** The tiny demo model in bf16, seed 1, written to dir/tiny-bf16 and opened: the reference both accuracy tests use. */
    static Checkpoint tinyBf16(Path dir) throws IOException {
        Path path = dir.resolve("tiny-bf16");
        DemoCheckpoint.write(path, new DemoCheckpoint.Options("tiny", 1, DType.BF16, null), LoadProgress.NONE);
        return Checkpoint.open(path);
    }

    /** The model of a checkpoint with its weights as stored ({@code none}) or quantized on load ({@code q8}, {@code q4}). */
    static InternLM2Model model(Checkpoint checkpoint, Matmul matmul, String quant) {
        return new InternLM2Model(checkpoint.config(), checkpoint.weights(), t -> WeightMatrices.quantize(t, quant),
                VectorKernels.INSTANCE, matmul);
    }

    /**
     * {max relative logit error max|o - r| / max|r| over all steps, its mean, share of steps whose greedy tokens
     * agree}, over {@link #PROMPTS} and {@code steps} decode steps each, each run in a fresh cache of its supplier.
     */
    static double[] compare(InternLM2Model reference, Supplier<KvCache> referenceCache, InternLM2Model other,
                            Supplier<KvCache> otherCache, int steps) {
        double max = 0;
        double sum = 0;
        int agree = 0;
        int n = 0;
        for (int[] prompt : PROMPTS) {
            try (KvCache c1 = referenceCache.get(); KvCache c2 = otherCache.get()) {
                BlockTable t1 = c1.newSequence();
                BlockTable t2 = c2.newSequence();
                float[] a = reference.forward(List.of(InternLM2Chunk.of(t1, prompt)))[0];
                float[] b = other.forward(List.of(InternLM2Chunk.of(t2, prompt)))[0];
                for (int s = 0; s < steps; s++) {
                    double err = InternLM2GoldenTests.relativeError(b, 0, a, 0, a.length);
                    max = Math.max(max, err);
                    sum += err;
                    int token = Sampler.argmax(a);
                    agree += Sampler.argmax(b) == token ? 1 : 0;
                    n++;
                    a = reference.forward(List.of(InternLM2Chunk.of(t1, token)))[0];
                    b = other.forward(List.of(InternLM2Chunk.of(t2, token)))[0];
                }
            }
        }
        return new double[] {max, sum / n, agree / (double) n};
    }
}

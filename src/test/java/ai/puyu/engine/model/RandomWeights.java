package ai.puyu.engine.model;

import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random InternLM2 weights built in memory (f32, off-heap), for tests that need no checkpoint file. */
public final class RandomWeights {

    private RandomWeights() {
    }

    public static ModelConfig smallConfig(int maxPositions) {
        // H 64, 2 layers, 4 query heads over 2 KV heads (G = 2), D 16, I 96, V 300.
        return new ModelConfig(64, 2, 4, 2, 96, 300, 10_000, maxPositions, 1e-5, "dynamic", 2.0, 1, 2, 2);
    }

    public static ModelWeights create(ModelConfig c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Arena arena = Arena.ofAuto();
        int h = c.hiddenSize();
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            layers.add(new LayerWeights(
                    norm(arena, rnd, p + "attention_norm.weight", h),
                    matrix(arena, rnd, p + "attention.wqkv.weight", c.qkvRows(), h),
                    matrix(arena, rnd, p + "attention.wo.weight", h, c.numHeads() * c.headDim()),
                    norm(arena, rnd, p + "ffn_norm.weight", h),
                    matrix(arena, rnd, p + "feed_forward.w1.weight", c.intermediateSize(), h),
                    matrix(arena, rnd, p + "feed_forward.w3.weight", c.intermediateSize(), h),
                    matrix(arena, rnd, p + "feed_forward.w2.weight", h, c.intermediateSize())));
        }
        return new ModelWeights(matrix(arena, rnd, "model.tok_embeddings.weight", c.vocabSize(), h), layers,
                norm(arena, rnd, "model.norm.weight", h), matrix(arena, rnd, "output.weight", c.vocabSize(), h));
    }

    private static Tensor matrix(Arena arena, SplittableRandom rnd, String name, int rows, int cols) {
        double scale = 1.0 / Math.sqrt(cols);
        MemorySegment seg = arena.allocate((long) rows * cols * 4, 64);
        for (long i = 0; i < (long) rows * cols; i++) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) ((rnd.nextDouble() * 2 - 1) * 1.7 * scale));
        }
        return new Tensor(name, DType.F32, new long[] {rows, cols}, seg);
    }

    private static Tensor norm(Arena arena, SplittableRandom rnd, String name, int n) {
        MemorySegment seg = arena.allocate(n * 4L, 64);
        for (int i = 0; i < n; i++) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (0.8 + 0.4 * rnd.nextDouble()));
        }
        return new Tensor(name, DType.F32, new long[] {n}, seg);
    }
}

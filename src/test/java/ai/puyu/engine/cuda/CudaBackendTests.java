package ai.puyu.engine.cuda;

import static ai.puyu.engine.cuda.GpuAssumptions.relativeError;
import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.InternLM2Model;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.model.ModelWeights;
import ai.puyu.engine.model.RandomWeights;
import ai.puyu.engine.sampling.Sampler;
import ai.puyu.engine.tensor.ScalarMatrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole model on the GPU against the CPU engine: same logits, same greedy tokens. */
class CudaBackendTests {

    private static final int[] PROMPT = {1, 17, 250, 3, 99, 42, 42, 7, 150, 299, 0, 12, 64, 33, 18, 5, 77, 201, 9, 4};


    private static List<Integer> greedy(java.util.function.Function<List<InternLM2Chunk>, float[][]> forward,
                                        KvCache cache, int steps) {
        BlockTable t = cache.newSequence();
        List<Integer> out = new ArrayList<>();
        int next = Sampler.argmax(forward.apply(List.of(InternLM2Chunk.of(t, PROMPT)))[0]);
        for (int i = 0; i < steps; i++) {
            out.add(next);
            next = Sampler.argmax(forward.apply(List.of(InternLM2Chunk.of(t, next)))[0]);
        }
        return out;
    }

    @Test
    void greedyTokensEqualTheCpuFor64StepsOnTheTinyModelInF32() {
        GpuAssumptions.assumeCuda();
        ModelConfig config = ModelConfig.preset("tiny", 512);
        ModelWeights weights = RandomWeights.create(config, 11);
        InternLM2Model cpu = new InternLM2Model(config, weights, ScalarMatrix::new, VectorKernels.INSTANCE, new Matmul(2));
        try (CudaContext ctx = new CudaContext(0); CudaBackend gpu = new CudaBackend(config, weights, ctx, null);
             KvCache cpuCache = cpu.newKvCache(8 << 20); KvCache gpuCache = cpu.newKvCache(8 << 20)) {
            List<Integer> expected = greedy(cpu::forward, cpuCache, 64);
            List<Integer> actual = greedy(gpu::forward, gpuCache, 64);
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void batchedPrefillAndDecodeLogitsMatchTheCpuInF32() {
        GpuAssumptions.assumeCuda();
        ModelConfig config = RandomWeights.smallConfig(16);   // max positions 16: dynamic NTK kicks in
        ModelWeights weights = RandomWeights.create(config, 5);
        InternLM2Model cpu = new InternLM2Model(config, weights, ScalarMatrix::new, VectorKernels.INSTANCE, new Matmul(2));
        try (CudaContext ctx = new CudaContext(0); CudaBackend gpu = new CudaBackend(config, weights, ctx, null);
             KvCache cc = cpu.newKvCache(1 << 20); KvCache gc = cpu.newKvCache(1 << 20)) {
            int[] a = java.util.Arrays.copyOf(PROMPT, 11);
            int[] b = java.util.Arrays.copyOfRange(PROMPT, 2, 20);
            BlockTable ca = cc.newSequence(), cb = cc.newSequence(), ga = gc.newSequence(), gb = gc.newSequence();
            float[][] e = cpu.forward(List.of(new InternLM2Chunk(ca, a, InternLM2Chunk.Logits.ALL),
                    new InternLM2Chunk(cb, b, InternLM2Chunk.Logits.LAST)));
            float[][] g = gpu.forward(List.of(new InternLM2Chunk(ga, a, InternLM2Chunk.Logits.ALL),
                    new InternLM2Chunk(gb, b, InternLM2Chunk.Logits.LAST)));
            assertThat(relativeError(g[0], e[0])).isLessThan(1e-5);
            assertThat(relativeError(g[1], e[1])).isLessThan(1e-5);
            float[][] e2 = cpu.forward(List.of(InternLM2Chunk.of(ca, 5), InternLM2Chunk.of(cb, 6)));
            float[][] g2 = gpu.forward(List.of(InternLM2Chunk.of(ga, 5), InternLM2Chunk.of(gb, 6)));
            assertThat(relativeError(g2[0], e2[0])).isLessThan(1e-5);
            assertThat(relativeError(g2[1], e2[1])).isLessThan(1e-5);
            assertThat(ga.length()).isEqualTo(ca.length());
        }
    }
}

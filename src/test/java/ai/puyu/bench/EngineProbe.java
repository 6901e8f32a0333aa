package ai.puyu.bench;

import ai.puyu.engine.Backend;
import ai.puyu.engine.Engine;
import ai.puyu.engine.EngineConfig;
import ai.puyu.engine.cpu.CpuBackend;
import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.scheduler.GenerationHandle;
import ai.puyu.engine.scheduler.GenerationRequest;
import ai.puyu.engine.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The concurrent scenario with every forward call timed: for N clients (16-token prompts, 32 greedy tokens) it
 * prints, per engine step, the chunk lengths, the forward time and the time the engine spent between calls. Run as
 * {@link StepProbe}, with arguments MODEL_DIR N.
 */
public final class EngineProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]);
        try (LocalModel lm = LocalModel.open(Path.of(a[0]), "none", 2, LoadProgress.NONE)) {
            CpuBackend cpu = new CpuBackend(lm.model());
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            long[] last = {0};
            Backend timed = new Backend() {
                @Override
                public String name() { return "cpu"; }
                @Override
                public ModelConfig config() { return cpu.config(); }
                @Override
                public KvCache newKvCache(long b, int bs) { return cpu.newKvCache(b, bs); }
                @Override
                public float[][] forward(List<InternLM2Chunk> batch) {
                    long s = System.nanoTime();
                    float[][] r = cpu.forward(batch);
                    long e = System.nanoTime();
                    int[] lens = batch.stream().mapToInt(c -> c.tokens().length).toArray();
                    log.add(String.format("gap %6.1f ms, forward %6.1f ms, chunks %s", last[0] == 0 ? 0 : (s - last[0]) / 1e6, (e - s) / 1e6, Arrays.toString(lens)));
                    last[0] = e;
                    return r;
                }
            };
            for (int round = 0; round < 2; round++) {
                log.clear();
                last[0] = 0;
                try (Engine engine = Engine.start(timed, EngineConfig.defaults().withMaxRunning(16).withPrefixCaching(false).withMaxContext(4096).withKvCacheBytes(1L << 30), lm::newTextDecoder)) {
                    List<GenerationHandle> hs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        int[] p = new int[16];
                        p[0] = 1;
                        for (int j = 1; j < 16; j++) p[j] = (100 + 37 * i + j) % lm.model().config().vocabSize();
                        hs.add(engine.submit(new GenerationRequest("c" + i, p, SamplingParams.greedy(32))));
                    }
                    for (GenerationHandle h : hs) h.result().get();
                }
                if (round == 1) log.forEach(System.out::println);
            }
        }
    }
}

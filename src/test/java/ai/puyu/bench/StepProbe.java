package ai.puyu.bench;

import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.LoadProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decode step time of the forward pass alone for batches of n one-token chunks, the batch sizes alternated step by
 * step in one process (so that every size sees the same moments of a noisy host), after a short prefill of each
 * sequence. Run: {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp
 * target/classes:target/test-classes:DEPENDENCIES ai.puyu.bench.StepProbe MODEL_DIR 1,4,8,16 ROUNDS [KV_MB, default 2048]}
 */
public final class StepProbe {
    public static void main(String[] a) throws Exception {
        int[] ns = Arrays.stream(a[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(a[2]);
        try (LocalModel lm = LocalModel.open(Path.of(a[0]), "none", 2, LoadProgress.NONE);
             KvCache cache = lm.model().newKvCache((a.length > 3 ? Long.parseLong(a[3]) : 2048) << 20, 16, KvDType.F32)) {
            int max = Arrays.stream(ns).max().getAsInt();
            List<BlockTable> tables = new ArrayList<>();
            for (int i = 0; i < max; i++) {
                BlockTable t = cache.newSequence();
                lm.model().forward(List.of(InternLM2Chunk.of(t, 1, 100 + i, 200 + i, 300, 400, 500, 600, 700)));
                tables.add(t);
            }
            double[][] ms = new double[ns.length][rounds];
            for (int r = -2; r < rounds; r++) {
                for (int k = 0; k < ns.length; k++) {
                    List<InternLM2Chunk> batch = new ArrayList<>();
                    for (int i = 0; i < ns[k]; i++) {
                        batch.add(InternLM2Chunk.of(tables.get(i), (1000 + r + 10) % lm.model().config().vocabSize()));
                    }
                    long s = System.nanoTime();
                    lm.model().forward(batch);
                    double t = (System.nanoTime() - s) / 1e6;
                    if (r >= 0) ms[k][r] = t;
                    for (int i = 0; i < ns[k]; i++) {
                        tables.get(i).truncate(tables.get(i).length() - 1);
                    }
                }
            }
            double m1 = 0;
            for (int k = 0; k < ns.length; k++) {
                double[] v = ms[k].clone();
                Arrays.sort(v);
                double med = v[v.length / 2];
                if (k == 0) m1 = med;
                System.out.printf("n=%2d: median step %.0f ms (min %.0f), %.2f tok/s, %.2fx n=%d throughput%n", ns[k], med, v[0],
                        ns[k] * 1000 / med, ns[k] * m1 / med / ns[0], ns[0]);
            }
        }
    }
}

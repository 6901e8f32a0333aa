package ai.puyu.bench;

import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.LoadProgress;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Time of a prefill chunk of NEW tokens after CONTEXT tokens already in the cache (a later turn that reuses its
 * history) against the same chunk with no context (a first turn), alternated in one process; the difference is what
 * the context costs (attention over it). Run as {@link StepProbe}, with arguments MODEL_DIR CONTEXT NEW ROUNDS.
 */
public final class PrefillProbe {
    public static void main(String[] a) throws Exception {
        int context = Integer.parseInt(a[1]), fresh = Integer.parseInt(a[2]), rounds = Integer.parseInt(a[3]);
        try (LocalModel lm = LocalModel.open(Path.of(a[0]), "none", 2, LoadProgress.NONE);
             KvCache cache = lm.model().newKvCache(2048L << 20, 16, KvDType.F32)) {
            int vocab = lm.model().config().vocabSize();
            int[] history = new int[context];
            int[] chunk = new int[fresh];
            for (int i = 0; i < context; i++) history[i] = 1000 + (i * 7919) % (vocab - 2000);
            for (int i = 0; i < fresh; i++) chunk[i] = 1000 + (i * 104729) % (vocab - 2000);
            BlockTable warm = cache.newSequence();
            lm.model().forward(java.util.List.of(InternLM2Chunk.of(warm, history)));
            BlockTable cold = cache.newSequence();
            double[] withContext = new double[rounds], without = new double[rounds];
            for (int r = -2; r < rounds; r++) {
                long s = System.nanoTime();
                lm.model().forward(java.util.List.of(InternLM2Chunk.of(warm, chunk)));
                double t1 = (System.nanoTime() - s) / 1e6;
                warm.truncate(context);
                s = System.nanoTime();
                lm.model().forward(java.util.List.of(InternLM2Chunk.of(cold, chunk)));
                double t0 = (System.nanoTime() - s) / 1e6;
                cold.truncate(0);
                if (r >= 0) {
                    withContext[r] = t1;
                    without[r] = t0;
                }
            }
            Arrays.sort(withContext);
            Arrays.sort(without);
            System.out.printf("%d new tokens: after %d cached median %.0f ms (min %.0f), alone median %.0f ms (min %.0f),"
                            + " ratio %.2f%n", fresh, context, withContext[rounds / 2], withContext[0], without[rounds / 2],
                    without[0], withContext[rounds / 2] / without[rounds / 2]);
        }
    }
}

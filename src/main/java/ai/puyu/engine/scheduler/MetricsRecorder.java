package ai.puyu.engine.scheduler;

import ai.puyu.engine.kv.BlockPool;
import java.util.Arrays;

/** Counters and the last requests' latencies, kept by the engine loop; {@link #snapshot} publishes them. */
final class MetricsRecorder {

    private static final int WINDOW = 1024;

    long promptTokens;
    long cachedPromptTokens;
    long tokensPrefilled;
    long tokensDecoded;
    long requestsFinished;
    long preemptions;
    private final long[] ttft = new long[WINDOW]; // [WINDOW] ring of nanoseconds
    private final long[] tpot = new long[WINDOW]; // [WINDOW] ring of nanoseconds per token
    private int ttftCount;
    private int tpotCount;

    void finished(Timings t) {
        requestsFinished++;
        if (t.timeToFirstTokenNanos() > 0) {
            ttft[ttftCount++ % WINDOW] = t.timeToFirstTokenNanos();
        }
        if (t.decodeTokens() > 0) {
            tpot[tpotCount++ % WINDOW] = t.decodeNanos() / t.decodeTokens();
        }
    }

    EngineMetrics snapshot(int running, int waiting, BlockPool pool) {
        return new EngineMetrics(running, waiting, pool.capacity(), pool.usedBlocks(), pool.cachedBlocks(),
                pool.freeBlocks(), promptTokens, cachedPromptTokens, tokensPrefilled, tokensDecoded,
                requestsFinished, preemptions, pool.evictions(), percentile(ttft, ttftCount, 0.5),
                percentile(ttft, ttftCount, 0.95), percentile(tpot, tpotCount, 0.5), percentile(tpot, tpotCount, 0.95));
    }

    private static double percentile(long[] ring, int count, double q) {
        int n = Math.min(count, ring.length);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(ring, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1)] / 1e6;
    }
}

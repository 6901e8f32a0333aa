package ai.puyu.engine.scheduler;

/**
 * A snapshot of the engine for the service to expose.
 *
 * @param running            sequences in the batch
 * @param waiting            requests waiting for admission
 * @param kvBlocksTotal      blocks of the KV cache
 * @param kvBlocksUsed       blocks held by running sequences
 * @param kvBlocksCached     unreferenced blocks kept for prefix reuse (evictable)
 * @param kvBlocksFree       blocks holding nothing
 * @param promptTokens       prompt tokens of admitted requests
 * @param cachedPromptTokens of which served from the prefix cache
 * @param tokensPrefilled    positions computed for prompts (and recomputation after preemption)
 * @param tokensDecoded      tokens generated
 * @param requestsFinished   finished requests, whatever the reason
 * @param preemptions        sequences preempted for lack of KV blocks (recomputed later)
 * @param evictions          cached blocks evicted to make room
 * @param ttftP50Millis      median time to first token over the last requests
 * @param ttftP95Millis      95th percentile of it
 * @param tpotP50Millis      median time per output token (after the first) over the last requests
 * @param tpotP95Millis      95th percentile of it
 */
public record EngineMetrics(int running, int waiting, int kvBlocksTotal, int kvBlocksUsed, int kvBlocksCached,
                            int kvBlocksFree, long promptTokens, long cachedPromptTokens, long tokensPrefilled,
                            long tokensDecoded, long requestsFinished, long preemptions, long evictions,
                            double ttftP50Millis, double ttftP95Millis, double tpotP50Millis, double tpotP95Millis) {

    /** Cached prompt tokens / prompt tokens (0 before any request). */
    public double prefixHitRate() {
        return promptTokens == 0 ? 0 : (double) cachedPromptTokens / promptTokens;
    }
}

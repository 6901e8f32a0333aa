package ai.puyu.engine;

import ai.puyu.engine.kv.KvDType;

/**
 * Limits and sizes of the serving engine.
 *
 * @param maxRunning         sequences in the batch at once
 * @param maxQueued          requests waiting for admission; beyond it submit is refused (QueueFullException)
 * @param maxContext         prompt plus reply positions per sequence; 0: the model's max_position_embeddings
 * @param prefillChunkTokens prompt tokens prefilled per step across all sequences (decoding ones always advance)
 * @param kvCacheBytes       memory of the KV cache; 0: derived from the model and free memory
 * @param blockSize          token positions per KV block
 * @param prefixCaching      whether full blocks are indexed and reused by later requests with the same prefix
 * @param kvCacheDtype       how the KV cache stores keys and values (int8: a quarter of the memory, CPU only)
 */
public record EngineConfig(int maxRunning, int maxQueued, int maxContext, int prefillChunkTokens, long kvCacheBytes,
                           int blockSize, boolean prefixCaching, KvDType kvCacheDtype) {

    public EngineConfig {
        if (maxRunning < 1 || maxQueued < 0 || maxContext < 0 || prefillChunkTokens < 1 || kvCacheBytes < 0
                || blockSize < 1 || kvCacheDtype == null) {
            throw new IllegalArgumentException("invalid engine configuration " + maxRunning + "/" + maxQueued + "/"
                    + maxContext + "/" + prefillChunkTokens + "/" + kvCacheBytes + "/" + blockSize
                    + " (maxRunning, maxQueued, maxContext, prefillChunkTokens, kvCacheBytes, blockSize)");
        }
    }

    /**
     * 16 running, 64 queued, the model's context, 256-token prefill chunks, derived budget, 16-token blocks, reuse
     * on, float32 KV cache.
     */
    public static EngineConfig defaults() {
        return new EngineConfig(16, 64, 0, 256, 0, 16, true, KvDType.F32);
    }

    public EngineConfig withMaxRunning(int n) {
        return new EngineConfig(n, maxQueued, maxContext, prefillChunkTokens, kvCacheBytes, blockSize, prefixCaching,
                kvCacheDtype);
    }

    public EngineConfig withMaxQueued(int n) {
        return new EngineConfig(maxRunning, n, maxContext, prefillChunkTokens, kvCacheBytes, blockSize, prefixCaching,
                kvCacheDtype);
    }

    public EngineConfig withMaxContext(int n) {
        return new EngineConfig(maxRunning, maxQueued, n, prefillChunkTokens, kvCacheBytes, blockSize, prefixCaching,
                kvCacheDtype);
    }

    public EngineConfig withPrefillChunkTokens(int n) {
        return new EngineConfig(maxRunning, maxQueued, maxContext, n, kvCacheBytes, blockSize, prefixCaching,
                kvCacheDtype);
    }

    public EngineConfig withKvCacheBytes(long n) {
        return new EngineConfig(maxRunning, maxQueued, maxContext, prefillChunkTokens, n, blockSize, prefixCaching,
                kvCacheDtype);
    }

    public EngineConfig withPrefixCaching(boolean on) {
        return new EngineConfig(maxRunning, maxQueued, maxContext, prefillChunkTokens, kvCacheBytes, blockSize, on,
                kvCacheDtype);
    }

    public EngineConfig withKvCacheDtype(KvDType dtype) {
        return new EngineConfig(maxRunning, maxQueued, maxContext, prefillChunkTokens, kvCacheBytes, blockSize, prefixCaching,
                dtype);
    }
}

package ai.puyu.engine.kv;

/** Thrown when the KV cache has no free block left for a sequence that needs one. */
public final class KvCacheFullException extends RuntimeException {
    public KvCacheFullException(String message) {
        super(message);
    }
}

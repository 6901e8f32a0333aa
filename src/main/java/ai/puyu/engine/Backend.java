package ai.puyu.engine;

import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.ModelConfig;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Where the forward pass runs (the CPU or a CUDA device): the scheduler and the block tables are the same for
 * every backend; a backend owns the memory of its KV cache and runs one step over a batch of sequences.
 * Called from one engine thread only; the engine closes it when it stops.
 */
public interface Backend extends AutoCloseable {

    /** "cpu", "cuda", ... (logged at startup). */
    String name();

    ModelConfig config();

    /** A paged KV cache of {@code blockSize}-position blocks, as many as fit in the budget. */
    KvCache newKvCache(long budgetBytes, int blockSize);

    /**
     * A KV cache storing keys and values as {@code dtype}. By default float32 only: a backend that cannot keep
     * another format refuses it, naming itself.
     */
    default KvCache newKvCache(long budgetBytes, int blockSize, KvDType dtype) {
        if (dtype != KvDType.F32) {
            throw new IllegalArgumentException("the " + name() + " backend keeps its KV cache in f32; a KV cache dtype of "
                    + dtype.label() + " is supported on the CPU backend only");
        }
        return newKvCache(budgetBytes, blockSize);
    }

    /**
     * One step: appends each chunk's tokens to its sequence's cache and returns, per chunk, its logits
     * // [chunk.logitRows(), V] row-major.
     */
    float[][] forward(List<InternLM2Chunk> batch);

    /** Bytes of memory free for a KV cache where this backend keeps it (by default the host's free memory). */
    default long freeMemoryForKvCache() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Frees what the backend holds beyond the KV cache (device memory); by default nothing. */
    @Override
    default void close() {
    }
}

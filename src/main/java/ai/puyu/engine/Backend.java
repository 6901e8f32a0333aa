package ai.puyu.engine;

import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.ModelConfig;
import java.util.List;

/**
 * Where the forward pass runs (the CPU now, CUDA later): the scheduler and the block tables are the same for
 * every backend; a backend owns the memory of its KV cache and runs one step over a batch of sequences.
 * Called from one engine thread only.
 */
public interface Backend {

    /** "cpu", "cuda", ... (logged at startup). */
    String name();

    ModelConfig config();

    /** A paged KV cache of {@code blockSize}-position blocks, as many as fit in the budget. */
    KvCache newKvCache(long budgetBytes, int blockSize);

    /**
     * One step: appends each chunk's tokens to its sequence's cache and returns, per chunk, its logits
     * // [chunk.logitRows(), V] row-major.
     */
    float[][] forward(List<InternLM2Chunk> batch);
}

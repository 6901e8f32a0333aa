package ai.puyu.engine.cpu;

import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import java.lang.foreign.MemorySegment;

/**
 * Grouped-query causal attention of one token over a sequence's keys and values, read through its block
 * table: for each query head h (KV head g = h / G), scores s_t = q_h . k_{g,t} / sqrt(D) for every position
 * t &lt;= p, softmax in float32, and out_h = sum_t softmax(s)_t v_{g,t}.
 */
public final class Attention {

    private final CpuKernels kernels;
    private final int numHeads;
    private final int groupSize;
    private final int headDim;
    private final float scale;

    public Attention(CpuKernels kernels, int numHeads, int numKvHeads, int headDim) {
        this.kernels = kernels;
        this.numHeads = numHeads;
        this.groupSize = numHeads / numKvHeads;
        this.headDim = headDim;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /**
     * Attention of query head {@code head} of one token at {@code position}.
     *
     * @param qkv      the token's packed q/k/v row, after RoPE     // [nKV][G+2][D] starting at qkvOffset
     * @param out      receives the head's output at outOffset + head * D
     * @param scores   scratch of at least position + 1 floats
     */
    public void attendHead(KvCache cache, int layer, BlockTable table, int position, int head,
                           float[] qkv, int qkvOffset, float[] out, int outOffset, float[] scores) {
        int g = head / groupSize;
        int qOffset = qkvOffset + (g * (groupSize + 2) + head % groupSize) * headDim;
        long headBytes = (long) g * headDim * Float.BYTES;
        MemorySegment keys = cache.keys(layer);
        MemorySegment values = cache.values(layer);
        int len = position + 1;
        for (int t = 0; t < len; t++) {
            scores[t] = kernels.dot(qkv, qOffset, keys, cache.offset(table, t) + headBytes, headDim) * scale;
        }
        kernels.softmax(scores, 0, len);
        int o = outOffset + head * headDim;
        java.util.Arrays.fill(out, o, o + headDim, 0f);
        for (int t = 0; t < len; t++) {
            kernels.axpy(out, o, scores[t], values, cache.offset(table, t) + headBytes, headDim);
        }
    }

    public int numHeads() {
        return numHeads;
    }
}

package ai.puyu.engine.cpu;

import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Grouped-query causal attention of one token over a sequence's keys and values, read through its block
 * table: for each query head h (KV head g = h / G), scores s_t = q_h . k_{g,t} / sqrt(D) for every position
 * t &lt;= p, softmax in float32, and out_h = sum_t softmax(s)_t v_{g,t}. The G query heads of one KV head are
 * computed together, so each key and value vector is read from memory once for all of them. With an int8 cache
 * a score is the dot product with the stored bytes times the key's scale, and a value is added as its bytes
 * times (weight x the value's scale).
 */
public final class Attention {

    private final CpuKernels kernels;
    private final int groupSize;
    private final int headDim;
    private final float scale;

    public Attention(CpuKernels kernels, int numHeads, int numKvHeads, int headDim) {
        this.kernels = kernels;
        this.groupSize = numHeads / numKvHeads;
        this.headDim = headDim;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /** Scratch floats {@link #attendGroup} needs for a token at this position. */
    public int scratchSize(int position) {
        return groupSize * (position + 1);
    }

    /**
     * Attention of the G query heads of KV head {@code kvHead}, for one token at {@code position}.
     *
     * @param qkv       the token's packed q/k/v row, after RoPE     // [nKV][G+2][D] starting at qkvOffset
     * @param out       receives query head h's output at outOffset + h * D   // [nH, D]
     * @param scores    scratch of at least {@link #scratchSize}(position) floats
     */
    public void attendGroup(KvCache cache, int layer, BlockTable table, int position, int kvHead,
                            float[] qkv, int qkvOffset, float[] out, int outOffset, float[] scores) {
        int g = groupSize;
        int d = headDim;
        int len = position + 1;
        int qBase = qkvOffset + kvHead * (g + 2) * d;
        boolean int8 = cache.dtype() == KvDType.INT8;
        MemorySegment keys = cache.keys(layer);
        MemorySegment values = cache.values(layer);
        MemorySegment keyScales = int8 ? cache.keyScales(layer) : null;
        MemorySegment valueScales = int8 ? cache.valueScales(layer) : null;
        int kvDim = cache.kvDim();
        int kvHeads = cache.numKvHeads();
        int blockSize = table.blockSize();
        for (int start = 0; start < len; start += blockSize) {
            long first = cache.slot(table, start);
            int end = Math.min(len, start + blockSize);
            for (int t = start; t < end; t++) {
                long slot = first + (t - start);
                long element = slot * kvDim + (long) kvHead * d;
                if (int8) {
                    float s = keyScales.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, slot * kvHeads + kvHead) * scale;
                    for (int j = 0; j < g; j++) {
                        scores[j * len + t] = kernels.dotI8(qkv, qBase + j * d, keys, element, d) * s;
                    }
                } else {
                    for (int j = 0; j < g; j++) {
                        scores[j * len + t] = kernels.dot(qkv, qBase + j * d, keys, element * Float.BYTES, d) * scale;
                    }
                }
            }
        }
        int firstHead = kvHead * g;
        for (int j = 0; j < g; j++) {
            kernels.softmax(scores, j * len, len);
            int o = outOffset + (firstHead + j) * d;
            Arrays.fill(out, o, o + d, 0f);
        }
        for (int start = 0; start < len; start += blockSize) {
            long first = cache.slot(table, start);
            int end = Math.min(len, start + blockSize);
            for (int t = start; t < end; t++) {
                long slot = first + (t - start);
                long element = slot * kvDim + (long) kvHead * d;
                if (int8) {
                    float s = valueScales.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, slot * kvHeads + kvHead);
                    for (int j = 0; j < g; j++) {
                        kernels.axpyI8(out, outOffset + (firstHead + j) * d, scores[j * len + t] * s, values, element, d);
                    }
                } else {
                    for (int j = 0; j < g; j++) {
                        kernels.axpy(out, outOffset + (firstHead + j) * d, scores[j * len + t], values, element * Float.BYTES, d);
                    }
                }
            }
        }
    }
}

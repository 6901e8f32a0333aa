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
 * computed together, and so are up to {@link #TOKENS} consecutive tokens of one sequence (a prefill chunk): each
 * block of keys and values is read from memory once for all of them and then from L1. Every (token, head) gets
 * the same arithmetic whichever tokens it is computed with (the scores of a block through {@link CpuKernels#dots},
 * the values in position order through {@link CpuKernels#axpys}), so a chunk's tokens match the same tokens
 * computed one by one, bit for bit. With an int8 cache a score is the dot product with the stored bytes times the
 * key's scale, and a value is added as its bytes times (weight x the value's scale).
 */
public final class Attention {

    /** Tokens of one sequence computed together (their queries share each block of keys and values). */
    public static final int TOKENS = 4;

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

    /** Scratch floats {@link #attend} needs for {@code count} tokens, the last at {@code lastPosition}. */
    public int scratchSize(int lastPosition, int count) {
        return count * groupSize * (lastPosition + 1);
    }

    /**
     * Attention of the G query heads of KV head {@code kvHead}, for {@code count} consecutive tokens of one sequence
     * at positions {@code position}, position + 1, ... (their keys and values already in the cache).
     *
     * @param qkv       token i's packed q/k/v row, after RoPE, at qkvOffset + i * qkvStride   // [nKV][G+2][D]
     * @param out       receives token i's query head h at outOffset + i * outStride + h * D     // [nH, D]
     * @param scores    scratch of at least {@link #scratchSize}(position + count - 1, count) floats
     */
    public void attend(KvCache cache, int layer, BlockTable table, int position, int count, int kvHead,
                       float[] qkv, int qkvOffset, int qkvStride, float[] out, int outOffset, int outStride,
                       float[] scores) {
        if (cache.dtype() == KvDType.INT8) {
            for (int i = 0; i < count; i++) {
                attendInt8(cache, layer, table, position + i, kvHead, qkv, qkvOffset + i * qkvStride, out,
                        outOffset + i * outStride, scores);
            }
            return;
        }
        int g = groupSize;
        int d = headDim;
        int maxLen = position + count;
        MemorySegment keys = cache.keys(layer);
        MemorySegment values = cache.values(layer);
        int kvDim = cache.kvDim();
        int blockSize = table.blockSize();
        long stride = (long) kvDim * Float.BYTES; // bytes from one position of a block to the next
        int firstHead = kvHead * g;
        // token i's scores: scores[i * G * maxLen + j * len_i + t], len_i = position + i + 1
        for (int start = 0; start < maxLen; start += blockSize) {
            long keyBytes = (cache.slot(table, start) * kvDim + (long) kvHead * d) * Float.BYTES;
            int end = Math.min(maxLen, start + blockSize);
            for (int i = 0; i < count; i++) {
                int len = position + i + 1;
                int stop = Math.min(end, len);
                int qBase = qkvOffset + i * qkvStride + kvHead * (g + 2) * d;
                for (int j = 0; j < g && stop > start; j++) {
                    kernels.dots(qkv, qBase + j * d, keys, keyBytes, stride, stop - start, d, scale,
                            scores, i * g * maxLen + j * len + start);
                }
            }
        }
        for (int i = 0; i < count; i++) {
            int len = position + i + 1;
            for (int j = 0; j < g; j++) {
                kernels.softmax(scores, i * g * maxLen + j * len, len);
                int o = outOffset + i * outStride + (firstHead + j) * d;
                Arrays.fill(out, o, o + d, 0f);
            }
        }
        for (int start = 0; start < maxLen; start += blockSize) {
            long valueBytes = (cache.slot(table, start) * kvDim + (long) kvHead * d) * Float.BYTES;
            int end = Math.min(maxLen, start + blockSize);
            for (int i = 0; i < count; i++) {
                int len = position + i + 1;
                int stop = Math.min(end, len);
                for (int j = 0; j < g && stop > start; j++) {
                    kernels.axpys(out, outOffset + i * outStride + (firstHead + j) * d, scores,
                            i * g * maxLen + j * len + start, values, valueBytes, stride, stop - start, d);
                }
            }
        }
    }

    /** One token over an int8 cache (see the class comment). */
    private void attendInt8(KvCache cache, int layer, BlockTable table, int position, int kvHead,
                            float[] qkv, int qkvOffset, float[] out, int outOffset, float[] scores) {
        int g = groupSize;
        int d = headDim;
        int len = position + 1;
        int qBase = qkvOffset + kvHead * (g + 2) * d;
        MemorySegment keys = cache.keys(layer);
        MemorySegment values = cache.values(layer);
        MemorySegment keyScales = cache.keyScales(layer);
        MemorySegment valueScales = cache.valueScales(layer);
        int kvDim = cache.kvDim();
        int kvHeads = cache.numKvHeads();
        int blockSize = table.blockSize();
        for (int start = 0; start < len; start += blockSize) {
            long first = cache.slot(table, start);
            int end = Math.min(len, start + blockSize);
            for (int t = start; t < end; t++) {
                long slot = first + (t - start);
                long element = slot * kvDim + (long) kvHead * d;
                float s = keyScales.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, slot * kvHeads + kvHead) * scale;
                for (int j = 0; j < g; j++) {
                    scores[j * len + t] = kernels.dotI8(qkv, qBase + j * d, keys, element, d) * s;
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
                float s = valueScales.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, slot * kvHeads + kvHead);
                for (int j = 0; j < g; j++) {
                    kernels.axpyI8(out, outOffset + (firstHead + j) * d, scores[j * len + t] * s, values, element, d);
                }
            }
        }
    }
}

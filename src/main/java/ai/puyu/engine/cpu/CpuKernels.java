package ai.puyu.engine.cpu;

import java.lang.foreign.MemorySegment;

/**
 * The element-wise and reduction kernels of the forward pass (everything except the weight matrix products).
 * {@link VectorKernels} is the fast Vector API version; {@link ScalarKernels} is its plain scalar twin, and
 * {@code CpuKernelsConsistencyTests} checks that the two agree. Off-heap operands (the KV cache) are float32,
 * native byte order; their offsets are in bytes.
 */
public interface CpuKernels {

    /** out[o + i] = w[i] * x[xo + i] / sqrt(mean(x[xo .. xo + n)^2) + eps), all in float32. */
    void rmsNorm(float[] out, int o, float[] x, int xo, float[] w, int n, float eps);

    /**
     * Rotate-half RoPE on one head in place: for i &lt; half, (x[i], x[i + half]) becomes
     * (x[i] cos_i - x[i + half] sin_i, x[i + half] cos_i + x[i] sin_i).
     */
    void rope(float[] x, int xo, float[] cos, float[] sin, int co, int half);

    /** sum over i &lt; n of a[ao + i] * seg[so + 4 i]. */
    float dot(float[] a, int ao, MemorySegment seg, long so, int n);

    /** out[o + i] += s * seg[so + 4 i] for i &lt; n. */
    void axpy(float[] out, int o, float s, MemorySegment seg, long so, int n);

    /**
     * The scores of one query against {@code count} keys {@code stride} bytes apart (a block of the KV cache):
     * out[oo + p] = dot(a, ao, seg, so + p * stride, n) * scale, with exactly the arithmetic of {@link #dot}.
     */
    default void dots(float[] a, int ao, MemorySegment seg, long so, long stride, int count, int n, float scale,
                      float[] out, int oo) {
        for (int p = 0; p < count; p++) {
            out[oo + p] = dot(a, ao, seg, so + p * stride, n) * scale;
        }
    }

    /**
     * The weighted sum of {@code count} values {@code stride} bytes apart (a block of the KV cache), in position
     * order: axpy(out, o, w[wo + p], seg, so + p * stride, n) for p = 0, 1, ..., with exactly its arithmetic.
     */
    default void axpys(float[] out, int o, float[] w, int wo, MemorySegment seg, long so, long stride, int count, int n) {
        for (int p = 0; p < count; p++) {
            axpy(out, o, w[wo + p], seg, so + p * stride, n);
        }
    }

    /** sum over i &lt; n of a[ao + i] * seg[so + i], seg holding signed bytes (an int8 KV vector before its scale). */
    float dotI8(float[] a, int ao, MemorySegment seg, long so, int n);

    /** out[o + i] += s * seg[so + i] for i &lt; n, seg holding signed bytes. */
    void axpyI8(float[] out, int o, float s, MemorySegment seg, long so, int n);

    /** Softmax of x[o .. o + n) in place, in float32, with the maximum subtracted first. */
    void softmax(float[] x, int o, int n);

    /** gate[i] = silu(gate[i]) * up[i] for i &lt; n, silu(g) = g / (1 + exp(-g)). */
    void siluMul(float[] gate, float[] up, int n);

    /** acc[i] += x[i] for i &lt; n. */
    void add(float[] acc, float[] x, int n);

    /** Index of the largest of x[o .. o + n) (the first one on ties). */
    default int argmax(float[] x, int o, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[o + i] > x[o + best]) {
                best = i;
            }
        }
        return best;
    }
}

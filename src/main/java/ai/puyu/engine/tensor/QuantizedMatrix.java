package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.BLOCK;
import static ai.puyu.engine.tensor.Vectors.L;

import java.lang.foreign.MemorySegment;

/**
 * The loop shared by the q8 and q4 kernels over the layout of {@link QuantizedWeights}: one row pair at
 * a time, with one to three tokens each token runs the pair x 1-token kernel (decode: every weight
 * streamed once per token), with four or more a pair x 4-token tile (prefill: every weight unpacked once
 * per four tokens). Activations are first transposed so that vector e of a superblock holds element e
 * of every block, matching the lanes of the quants.
 */
abstract sealed class QuantizedMatrix implements WeightMatrix permits Q8Matrix, Q4Matrix {

    protected final QuantizedWeights q;
    protected final MemorySegment data; // [pairs, superblocks, pairBytes]
    protected final int superblocks;
    /** Bytes of one row's quants per superblock (row 1 of a pair starts here, the scales at twice this). */
    protected final int rowBytes;
    /** Bytes per row pair and superblock. */
    protected final int pairBytes;

    QuantizedMatrix(QuantizedWeights q, String format) {
        if (!q.format().equals(format)) {
            throw new IllegalArgumentException("not " + format + " weights: " + q.format());
        }
        this.q = q;
        this.data = q.data();
        this.superblocks = q.superblocks();
        this.rowBytes = QuantizedWeights.rowBytes(q.bits());
        this.pairBytes = QuantizedWeights.pairBytes(q.bits());
    }

    /** The quantized data, shared with the scalar twin. */
    public final QuantizedWeights weights() {
        return q;
    }

    @Override
    public final int rows() {
        return q.rows();
    }

    @Override
    public final int cols() {
        return q.cols();
    }

    @Override
    public final String format() {
        return q.format();
    }

    @Override
    public final long byteSize() {
        return q.byteSize();
    }

    @Override
    public final void row(int r, float[] dst, int dstOffset) {
        for (int c = 0; c < q.cols(); c++) {
            dst[dstOffset + c] = q.get(r, c);
        }
    }

    /** p[res] and p[res + 1]: rows 0 and 1 of the pair at byte {@code base} times the token at p[xo ..]. */
    abstract void pair1(float[] p, int xo, long base, int res);

    /** p[res + 4 k + j]: row k of the pair at byte {@code base} times the token at p[xoj ..]. */
    abstract void pair4(float[] p, int xo0, int xo1, int xo2, int xo3, long base, int res);

    @Override
    public final void multiply(float[] x, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        MatrixChecks.check(this, x, n, out, outStride, rowStart, rowEnd);
        if (rowStart == rowEnd || n == 0) {
            return;
        }
        int xs = superblocks * BLOCK * L;
        float[] p = prepare(x, n, q.cols(), superblocks);
        int res = n * xs;
        for (int pair = rowStart >> 1; pair <= (rowEnd - 1) >> 1; pair++) {
            long base = (long) pair * superblocks * pairBytes;
            int r0 = 2 * pair;
            int first = r0 < rowStart ? 1 : 0;
            int end = Math.min(2, rowEnd - r0);
            if (n < 4) {
                for (int t = 0; t < n; t++) {
                    pair1(p, t * xs, base, res);
                    for (int k = first; k < end; k++) {
                        out[t * outStride + r0 + k] = p[res + k];
                    }
                }
            } else {
                for (int t = 0; t < n; t += 4) {
                    int t1 = Math.min(t + 1, n - 1);
                    int t2 = Math.min(t + 2, n - 1);
                    int t3 = Math.min(t + 3, n - 1);
                    pair4(p, t * xs, t1 * xs, t2 * xs, t3 * xs, base, res);
                    int nt = Math.min(4, n - t);
                    for (int k = first; k < end; k++) {
                        for (int j = 0; j < nt; j++) {
                            out[(t + j) * outStride + r0 + k] = p[res + 4 * k + j];
                        }
                    }
                }
            }
        }
    }

    /**
     * x [n, cols] into a per-thread buffer [n, superblocks, 32, L] (element e of block i of superblock s
     * at [s, e, i]), zero past cols, followed by 8 floats for the kernels' results and L for {@link Vectors#sum}.
     */
    static float[] prepare(float[] x, int n, int cols, int superblocks) {
        int xs = superblocks * BLOCK * L;
        float[] p = Vectors.scratch(n * xs + 8 + L);
        for (int t = 0; t < n; t++) {
            int src = t * cols;
            for (int s = 0; s < superblocks; s++) {
                int c0 = s * BLOCK * L;
                int dst = t * xs + c0;
                for (int i = 0; i < L; i++) {
                    int cb = c0 + i * BLOCK;
                    for (int e = 0; e < BLOCK; e++) {
                        p[dst + e * L + i] = cb + e < cols ? x[src + cb + e] : 0f;
                    }
                }
            }
        }
        return p;
    }
}

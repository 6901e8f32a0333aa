package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.BLOCK;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.IntVector;

/**
 * The loop shared by the q8 and q4 kernels over the layout of {@link QuantizedWeights}: with one to three
 * tokens each token runs the 1-token kernel over four row pairs at a time ({@link #quad1}: four memory streams;
 * decode streams every weight once per token), or one pair at the edges; with four or more a pair x 4-token tile
 * (prefill: every weight unpacked once per four tokens). Activations are first transposed so that vector e of a superblock holds element e
 * of every block, matching the lanes of the quants.
 *
 * <p>Every path sums each (row, token) in one canonical order, so a token's result does not depend on n:
 * weights scaled (q * d) first, one vector accumulator per (row, token) with one FMA per L columns in
 * prepared order across all superblocks, then {@link Vectors#sumLanes}; {@link #pair1}, {@link #pair4}
 * and the blocked f32 tile all do exactly this.
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

    /** r[0] and r[1]: rows 0 and 1 of the pair at byte {@code base} times the token at p[xo ..]; r[8 ..] scratch. */
    abstract void pair1(float[] p, int xo, long base, float[] r);

    /**
     * r[2 k + i]: row i of the k-th of four pairs, the first at byte {@code base}, the next {@code pairStride} bytes
     * apart, times the token at p[xo ..], summed as {@link #pair1} sums; r[8 ..] scratch. By default four pair1 calls.
     */
    void quad1(float[] p, int xo, long base, long pairStride, float[] r) {
        for (int k = 3; k >= 0; k--) {
            pair1(p, xo, base + k * pairStride, r);
            r[2 * k] = r[0];
            r[2 * k + 1] = r[1];
        }
    }

    /** The scales of one superblock of four pairs (at byte sc, then pairStride apart) as floats, row by row, to r[8 ..]. */
    final void scales(long sc, long pairStride, float[] r) {
        for (int k = 0; k < 4; k++) {
            IntVector v = IntVector.fromMemorySegment(I, data, sc + k * pairStride, LE);
            Vectors.scaleLow(v).intoArray(r, 8 + 2 * k * L);
            Vectors.scaleHigh(v).intoArray(r, 8 + (2 * k + 1) * L);
        }
    }

    /** r[4 k + j]: row k of the pair at byte {@code base} times the token at p[xoj ..]; r[8 ..] scratch. */
    abstract void pair4(float[] p, int xo0, int xo1, int xo2, int xo3, long base, float[] r);

    /** Per thread: the kernels' 8 results, then room for 8 accumulators for {@link Vectors#sumLanes}. */
    private static final ThreadLocal<float[]> RES = ThreadLocal.withInitial(() -> new float[8 + 8 * L]);

    @Override
    public final void multiply(float[] x, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        MatrixChecks.check(this, x, n, out, outStride, rowStart, rowEnd);
        multiplyPrepared(prepare(x, n), n, out, outStride, rowStart, rowEnd);
    }

    /** x transposed into the quants' lane order, in this thread's scratch buffer (see {@link #prepare(float[], int, int, int)}). */
    @Override
    public final float[] prepare(float[] x, int n) {
        MatrixChecks.checkInput(this, x, n);
        return prepare(x, n, q.cols(), superblocks);
    }

    @Override
    public final void multiplyPrepared(float[] p, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        MatrixChecks.checkOutput(this, n, out, outStride, rowStart, rowEnd);
        if (rowStart == rowEnd || n == 0) {
            return;
        }
        int xs = superblocks * BLOCK * L;
        float[] r = RES.get();
        for (int pair = rowStart >> 1; pair <= (rowEnd - 1) >> 1; pair++) {
            long base = (long) pair * superblocks * pairBytes;
            int r0 = 2 * pair;
            int first = r0 < rowStart ? 1 : 0;
            int end = Math.min(2, rowEnd - r0);
            if (n < 4 && pair + 3 <= (rowEnd - 1) >> 1) {
                long stride = (long) superblocks * pairBytes;
                for (int t = 0; t < n; t++) {
                    quad1(p, t * xs, base, stride, r);
                    for (int row = Math.max(r0, rowStart); row < Math.min(r0 + 8, rowEnd); row++) {
                        out[t * outStride + row] = r[row - r0];
                    }
                }
                pair += 3;
            } else if (n < 4) {
                for (int t = 0; t < n; t++) {
                    pair1(p, t * xs, base, r);
                    for (int k = first; k < end; k++) {
                        out[t * outStride + r0 + k] = r[k];
                    }
                }
            } else if (n >= BLOCKED_MIN_TOKENS) {
                int pairEnd = Math.min((rowEnd - 1) >> 1, pair + ROW_BLOCK / 2 - 1);
                blocked(p, xs, n, out, outStride, rowStart, rowEnd, pair, pairEnd);
                pair = pairEnd;
            } else {
                for (int t = 0; t < n; t += 4) {
                    int t1 = Math.min(t + 1, n - 1);
                    int t2 = Math.min(t + 2, n - 1);
                    int t3 = Math.min(t + 3, n - 1);
                    pair4(p, t * xs, t1 * xs, t2 * xs, t3 * xs, base, r);
                    int nt = Math.min(4, n - t);
                    for (int k = first; k < end; k++) {
                        for (int j = 0; j < nt; j++) {
                            out[(t + j) * outStride + r0 + k] = r[4 * k + j];
                        }
                    }
                }
            }
        }
    }

    /** Rows converted to float32 at a time by prefill. */
    private static final int ROW_BLOCK = 16;
    /**
     * From this many tokens on, prefill converts rows to f32 once instead of unpacking them per tile. Measured with
     * {@code KernelProbe q8|q4 512 2048 N} (GFLOP/s per CPU second, converted vs per-tile): q8 n = 16 43 vs 54,
     * n = 32 46 vs 54, n = 64 50 vs 52, n = 128 52 vs 50; q4 n = 16 39 vs 50, n = 32 48 vs 48, n = 64 53 vs 56,
     * n = 128 68 vs 46.
     */
    private static final int BLOCKED_MIN_TOKENS = 64;

    /** Both rows of the pair at byte {@code base}, dequantized to f32 in the prepared column order, to w[wo ..] and w[wo + len ..]. */
    abstract void toF32(long base, float[] w, int wo, int len);

    /** Prefill of the row pairs [p0, p1]: converted once, then the f32 tile runs over every token. */
    private void blocked(float[] p, int xs, int n, float[] out, int outStride, int rowStart, int rowEnd, int p0, int p1) {
        int len = xs;
        float[] w = Vectors.rowScratch(ROW_BLOCK * len + 16 + 16 * L);
        int nrows = 2 * (p1 - p0 + 1);
        for (int k = p0; k <= p1; k++) {
            toF32((long) k * superblocks * pairBytes, w, 2 * (k - p0) * len, len);
        }
        if (nrows % 4 != 0) {
            System.arraycopy(w, (nrows - 2) * len, w, nrows * len, 2 * len); // a half quad: computed twice, stored once
        }
        int quads = (nrows + 3) / 4;
        int tileOut = ROW_BLOCK * len;
        int r0 = 2 * p0;
        for (int t = 0; t < n; t += 4) {
            int t1 = Math.min(t + 1, n - 1);
            int t2 = Math.min(t + 2, n - 1);
            int t3 = Math.min(t + 3, n - 1);
            int nt = Math.min(4, n - t);
            for (int qd = 0; qd < quads; qd++) {
                F32Tile.tile4x4(w, 4 * qd * len, len, p, t * xs, t1 * xs, t2 * xs, t3 * xs, len, w, tileOut);
                for (int i = 0; i < 4; i++) {
                    int r = r0 + 4 * qd + i;
                    if (4 * qd + i < nrows && r >= rowStart && r < rowEnd) {
                        for (int j = 0; j < nt; j++) {
                            out[(t + j) * outStride + r] = w[tileOut + 4 * i + j];
                        }
                    }
                }
            }
        }
    }

    /**
     * x [n, cols] into a per-thread buffer [n, superblocks, 32, L] (element e of block i of superblock s
     * at [s, e, i]), zero past cols.
     */
    static float[] prepare(float[] x, int n, int cols, int superblocks) {
        int xs = superblocks * BLOCK * L;
        float[] p = Vectors.scratch(n * xs);
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

package ai.puyu.engine.tensor;

/**
 * The loop structure shared by the row-major vector kernels (f32 and f16; bf16 has its own packed layout,
 * {@link PackedBf16Matrix}). Rows are taken four at a time; with one to three
 * tokens each token runs a 4-row x 1-token kernel (decode: every weight is read once per token), with
 * four or more a 4-row x 4-token register tile (prefill: every weight loaded and converted once per
 * tile serves four tokens). Edge rows and tokens are clamped (computed twice, stored once).
 * Columns past {@code vecCols} are added by {@link #tail}.
 *
 * <p>Every path sums each (row, token) in one canonical order, so a token's result is bit-identical
 * whatever the number of tokens n (batched decode equals solo decode): one vector accumulator per
 * (row, token), one FMA per L columns in the order of the prepared activations, then
 * {@link Vectors#sumLanes}, then the tail. The decode kernels therefore keep a single accumulator per
 * row (no split even/odd partial sums), matching the 4x4 kernels.
 */
abstract sealed class TiledMatrix implements WeightMatrix permits DenseMatrix {

    protected final int rows;
    protected final int cols;
    /** Columns handled by the vector kernels. */
    protected final int vecCols;

    TiledMatrix(int rows, int cols, int vecCols) {
        this.rows = rows;
        this.cols = cols;
        this.vecCols = vecCols;
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    /** Whether the kernels want activations in even/odd order (see {@link Vectors#prepare}). */
    abstract boolean evenOdd();

    /** res[i] = dot(row ri, xp[xo ..]) over the vector columns, for i &lt; 4. */
    abstract void kernel4x1(float[] xp, int xo, int r0, int r1, int r2, int r3, float[] res);

    /** res[4 i + j] = dot(row ri, token tj) over the vector columns. */
    abstract void kernel4x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r0, int r1, int r2, int r3, float[] res);

    /** dot(row r, xp[xo ..]) over the columns past vecCols (in natural order in xp). */
    abstract float tail(int r, float[] xp, int xo);

    /** Per thread: 16 kernel results, then room for 16 accumulators for {@link Vectors#sumLanes}. */
    private static final ThreadLocal<float[]> RES = ThreadLocal.withInitial(() -> new float[16 + 16 * Vectors.L]);

    @Override
    public final void multiply(float[] x, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        MatrixChecks.check(this, x, n, out, outStride, rowStart, rowEnd);
        multiplyPrepared(prepare(x, n), n, out, outStride, rowStart, rowEnd);
    }

    /** x padded to whole blocks, in even/odd order where {@link #evenOdd} (see {@link Vectors#prepare}). */
    @Override
    public final float[] prepare(float[] x, int n) {
        MatrixChecks.checkInput(this, x, n);
        return Vectors.prepare(x, n, cols, evenOdd());
    }

    @Override
    public final void multiplyPrepared(float[] xp, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        MatrixChecks.checkOutput(this, n, out, outStride, rowStart, rowEnd);
        if (rowStart == rowEnd || n == 0) {
            return;
        }
        int xs = Vectors.padded(cols);
        float[] res = RES.get();
        int last = rowEnd - 1;
        for (int r = rowStart; r < rowEnd; r += 4) {
            int r1 = Math.min(r + 1, last);
            int r2 = Math.min(r + 2, last);
            int r3 = Math.min(r + 3, last);
            int nr = Math.min(4, rowEnd - r);
            if (n < 4) {
                for (int t = 0; t < n; t++) {
                    kernel4x1(xp, t * xs, r, r1, r2, r3, res);
                    for (int i = 0; i < nr; i++) {
                        out[t * outStride + r + i] = res[i] + tail(r + i, xp, t * xs);
                    }
                }
            } else {
                for (int t = 0; t < n; t += 4) {
                    int t1 = Math.min(t + 1, n - 1);
                    int t2 = Math.min(t + 2, n - 1);
                    int t3 = Math.min(t + 3, n - 1);
                    kernel4x4(xp, t * xs, t1 * xs, t2 * xs, t3 * xs, r, r1, r2, r3, res);
                    int nt = Math.min(4, n - t);
                    for (int i = 0; i < nr; i++) {
                        for (int j = 0; j < nt; j++) {
                            out[(t + j) * outStride + r + i] = res[4 * i + j] + tail(r + i, xp, (t + j) * xs);
                        }
                    }
                }
            }
        }
    }
}

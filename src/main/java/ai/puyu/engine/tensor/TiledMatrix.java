package ai.puyu.engine.tensor;

/**
 * The loop structure shared by the vector kernels. Rows are taken four at a time; with one to three
 * tokens each token runs a 4-row x 1-token kernel (decode: every weight is read once per token), with
 * four or more a 4-row x 4-token register tile (prefill: every weight loaded and converted once per
 * tile serves four tokens), or, for formats that say {@link #convertsRows} and long batches of wide rows (see
 * {@link #BLOCKED_MIN_TOKENS}), blocks of 16 rows converted
 * to float32 once into a per-thread buffer and the f32 {@link F32Tile} run over them for every token.
 * Edge rows and tokens are clamped (computed twice, stored once).
 * Columns past {@code vecCols} are added by {@link #tail}.
 *
 * <p>Every path sums each (row, token) in one canonical order, so a token's result is bit-identical
 * whatever the number of tokens n (batched decode equals solo decode): one vector accumulator per
 * (row, token), one FMA per L columns in the order of the prepared activations, then
 * {@link Vectors#sumLanes}, then the tail. The decode kernels therefore keep a single accumulator per
 * row (no split even/odd partial sums), matching the 4x4 kernels and {@link F32Tile}.
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

    /**
     * Whether prefill should first convert blocks of rows to float32 ({@link #toF32}) and run the f32
     * tile over them, rather than {@link #kernel4x4} on the stored format.
     */
    boolean convertsRows() {
        return false;
    }

    /** Row r's vector columns as float32, in the order of the prepared activations, into w[wo ..]. */
    void toF32(int r, float[] w, int wo) {
        throw new UnsupportedOperationException();
    }

    /** dot(row r, xp[xo ..]) over the columns past vecCols (in natural order in xp). */
    abstract float tail(int r, float[] xp, int xo);

    /**
     * From this many tokens on, and for rows of at least {@link #BLOCKED_MIN_COLS} columns, formats that
     * {@link #convertsRows} convert blocks of rows to float32 once; otherwise the 4x4 kernel unpacks weights in
     * registers per tile. Measured with {@code KernelProbe bf16 R C N} (one thread, GFLOP/s): the register tile
     * wins while four rows stay in L1 (2048 columns: 81 against 45 at n = 16, 76 against 53 at n = 128) and for
     * wide rows up to 64 tokens (8192 columns: 74 against 43 at n = 16, 60 against 51 at n = 64); the converted
     * rows win for wide rows from 128 tokens on (58 against 41).
     */
    private static final int BLOCKED_MIN_TOKENS = 128;
    /** See {@link #BLOCKED_MIN_TOKENS}: four bf16 rows of more than 4096 columns no longer fit in L1. */
    private static final int BLOCKED_MIN_COLS = 4097;
    /** Rows converted to float32 at a time by prefill: 16 rows of up to 8192 columns fit in L2. */
    private static final int ROW_BLOCK = 16;
    /** Per thread: 16 kernel results, then room for 16 accumulators for {@link Vectors#sumLanes}. */
    private static final ThreadLocal<float[]> RES = ThreadLocal.withInitial(() -> new float[16 + 16 * Vectors.L]);

    /** Prefill of rows [r0, r1) (at most ROW_BLOCK): convert them once, then every token tile passes over them. */
    private void blocked(float[] xp, int xs, int n, float[] out, int outStride, int r0, int r1, float[] res) {
        float[] w = Vectors.rowScratch(ROW_BLOCK * vecCols + 16 + 16 * Vectors.L);
        int nrows = r1 - r0;
        int quads = (nrows + 3) / 4;
        for (int i = 0; i < quads * 4; i++) {
            toF32(Math.min(r0 + i, r1 - 1), w, i * vecCols);
        }
        int tileOut = ROW_BLOCK * vecCols;
        for (int t = 0; t < n; t += 4) {
            int t1 = Math.min(t + 1, n - 1);
            int t2 = Math.min(t + 2, n - 1);
            int t3 = Math.min(t + 3, n - 1);
            int nt = Math.min(4, n - t);
            for (int qd = 0; qd < quads; qd++) {
                F32Tile.tile4x4(w, 4 * qd * vecCols, vecCols, xp, t * xs, t1 * xs, t2 * xs, t3 * xs, vecCols, w, tileOut);
                int r = r0 + 4 * qd;
                int nr = Math.min(4, r1 - r);
                for (int i = 0; i < nr; i++) {
                    for (int j = 0; j < nt; j++) {
                        out[(t + j) * outStride + r + i] = w[tileOut + 4 * i + j] + tail(r + i, xp, (t + j) * xs);
                    }
                }
            }
        }
    }

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
            } else if (convertsRows() && vecCols >= BLOCKED_MIN_COLS && n >= BLOCKED_MIN_TOKENS) {
                blocked(xp, xs, n, out, outStride, r, Math.min(rowEnd, r + ROW_BLOCK), res);
                r += ROW_BLOCK - 4;
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

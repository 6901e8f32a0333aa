package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * bf16 weights repacked on load into blocks of {@link #RB} rows stored column by column, so that the vector lanes
 * run along rows: one vector load brings column c of 2L rows, and each token's activation x[c] is broadcast. Every
 * (row, token) is then one sequential sum over the columns in natural order, the same for any number of tokens
 * (batched decode equals solo decode), with no lane sums at the end; a tile of 8 tokens uses each weight vector for
 * 16 FMAs against 2 bf16 conversions (the row-major 4x4 tile: 8 FMAs per conversion pair and 8 activation loads).
 *
 * <p>Within a block, column c holds 2L bf16 values: int lane i carries row i in its low half and row L + i in its
 * high half, so {@link Vectors#bf16Low} gives rows [0, L) and {@link Vectors#bf16High} rows [L, 2L). Rows past
 * {@code rows} in the last block are zero. Prepared activations ({@link #prepare}) for n &gt; 1 are groups of 8
 * tokens stored [c][8] (the last group padded with copies of the last token); for n = 1 they are x itself.
 */
public final class PackedBf16Matrix implements WeightMatrix {

    /** Rows per block: two vectors of L lanes. */
    static final int RB = 2 * L;
    /** Tokens per activation group. */
    static final int G = 8;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    /** Per thread: a tile's results, [G][RB]. */
    private static final ThreadLocal<float[]> RES = ThreadLocal.withInitial(() -> new float[G * RB]);
    private static final ThreadLocal<short[]> PACK = ThreadLocal.withInitial(() -> new short[0]);
    private static final ThreadLocal<float[]> PREPARED = ThreadLocal.withInitial(() -> new float[0]);

    private final Tensor tensor; // [rows, cols], the original layout (row(), the scalar twin)
    private final int rows;
    private final int cols;
    private final int blocks;
    private final MemorySegment packed; // [blocks][cols][RB] bf16
    private final long blockBytes;

    public PackedBf16Matrix(Tensor tensor) {
        if (tensor.rank() != 2 || tensor.dtype() != DType.BF16) {
            throw new IllegalArgumentException("tensor " + tensor + " is not a bf16 matrix");
        }
        this.tensor = tensor;
        this.rows = tensor.rows();
        this.cols = tensor.cols();
        this.blocks = (rows + RB - 1) / RB;
        this.blockBytes = (long) cols * RB * 2;
        this.packed = OffHeap.allocate(Arena.ofAuto(), blocks * blockBytes);
        MemorySegment src = tensor.data();
        IntStream.range(0, blocks).parallel().forEach(b -> pack(src, b));
    }

    /** Packs block b (rows [b RB, b RB + RB)) from the row-major source; blocks are independent, so load packs them in parallel. */
    private void pack(MemorySegment src, int b) {
        short[] buf = PACK.get();
        if (buf.length < (RB + 1) * cols) {
            buf = new short[(RB + 1) * cols];
            PACK.set(buf);
        }
        int blockAt = cols; // buf[0, cols): one source row; buf[cols, ...): the block
        java.util.Arrays.fill(buf, blockAt, blockAt + RB * cols, (short) 0);
        for (int i = 0; i < RB && b * RB + i < rows; i++) {
            MemorySegment.copy(src, U16, (long) (b * RB + i) * cols * 2, buf, 0, cols);
            int slot = i < L ? 2 * i : 2 * (i - L) + 1;
            for (int c = 0; c < cols; c++) {
                buf[blockAt + c * RB + slot] = buf[c];
            }
        }
        MemorySegment.copy(buf, blockAt, packed, U16, b * blockBytes, RB * cols);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public String format() {
        return "bf16";
    }

    @Override
    public long byteSize() {
        return (long) rows * cols * 2;
    }

    @Override
    public void row(int r, float[] dst, int dstOffset) {
        long base = (long) r * cols;
        for (int c = 0; c < cols; c++) {
            dst[dstOffset + c] = ScalarMatrix.get(tensor, base + c);
        }
    }

    @Override
    public void multiply(float[] x, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        MatrixChecks.check(this, x, n, out, outStride, rowStart, rowEnd);
        multiplyPrepared(prepare(x, n), n, out, outStride, rowStart, rowEnd);
    }

    @Override
    public float[] prepare(float[] x, int n) {
        MatrixChecks.checkInput(this, x, n);
        if (n == 1) {
            return x;
        }
        int groups = (n + G - 1) / G;
        float[] p = PREPARED.get();
        if (p.length < groups * G * cols) {
            p = new float[groups * G * cols];
            PREPARED.set(p);
        }
        for (int g = 0; g < groups; g++) {
            int base = g * G * cols;
            for (int j = 0; j < G; j++) {
                int src = Math.min(g * G + j, n - 1) * cols;
                for (int c = 0; c < cols; c++) {
                    p[base + c * G + j] = x[src + c];
                }
            }
        }
        return p;
    }

    @Override
    public void multiplyPrepared(float[] xp, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        MatrixChecks.checkOutput(this, n, out, outStride, rowStart, rowEnd);
        if (rowStart == rowEnd || n == 0) {
            return;
        }
        float[] res = RES.get();
        int b0 = rowStart / RB;
        int b1 = (rowEnd - 1) / RB + 1;
        if (n == 1) {
            for (int b = b0; b < b1; b += 2) {
                int bb = Math.min(b + 1, b1 - 1);
                tile1(xp, b, bb, res);
                store(res, 0, 1, b, out, outStride, 0, rowStart, rowEnd);
                if (bb != b) {
                    store(res, RB, 1, bb, out, outStride, 0, rowStart, rowEnd);
                }
            }
            return;
        }
        for (int b = b0; b < b1; b++) {
            for (int t = 0; t < n; t += G) {
                int nt = Math.min(G, n - t);
                int xo = t * cols;
                if (nt > 4) {
                    tile8(xp, xo, b, res);
                } else if (nt > 2) {
                    tile4(xp, xo, b, res);
                } else {
                    tile2(xp, xo, b, res);
                }
                store(res, 0, nt, b, out, outStride, t, rowStart, rowEnd);
            }
        }
    }

    /** Copies nt tokens' results of block b ([token][RB] from res[ro]) into out, rows within [rowStart, rowEnd). */
    private void store(float[] res, int ro, int nt, int b, float[] out, int outStride, int t0, int rowStart, int rowEnd) {
        int r0 = Math.max(rowStart, b * RB);
        int r1 = Math.min(rowEnd, b * RB + RB);
        for (int j = 0; j < nt; j++) {
            System.arraycopy(res, ro + j * RB + r0 - b * RB, out, (t0 + j) * outStride + r0, r1 - r0);
        }
    }

    /** One token, blocks b and bb (two weight streams): res[0, RB) for b, res[RB, 2 RB) for bb. */
    private void tile1(float[] x, int b, int bb, float[] res) {
        long o0 = b * blockBytes;
        long o1 = bb * blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z;
        for (int c = 0; c < cols; c++) {
            FloatVector s = FloatVector.broadcast(F, x[c]);
            long off = (long) c * RB * 2;
            IntVector w0 = IntVector.fromMemorySegment(I, packed, o0 + off, LE);
            IntVector w1 = IntVector.fromMemorySegment(I, packed, o1 + off, LE);
            e0 = Vectors.bf16Low(w0).fma(s, e0);
            d0 = Vectors.bf16High(w0).fma(s, d0);
            e1 = Vectors.bf16Low(w1).fma(s, e1);
            d1 = Vectors.bf16High(w1).fma(s, d1);
        }
        e0.intoArray(res, 0);
        d0.intoArray(res, L);
        e1.intoArray(res, RB);
        d1.intoArray(res, RB + L);
    }

    /** Two tokens of the group at xp[xo] ([c][G]), block b. */
    private void tile2(float[] xp, int xo, int b, float[] res) {
        long o = b * blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z;
        for (int c = 0; c < cols; c++) {
            IntVector w = IntVector.fromMemorySegment(I, packed, o + (long) c * RB * 2, LE);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            int x = xo + c * G;
            FloatVector s0 = FloatVector.broadcast(F, xp[x]);
            FloatVector s1 = FloatVector.broadcast(F, xp[x + 1]);
            e0 = we.fma(s0, e0);
            d0 = wd.fma(s0, d0);
            e1 = we.fma(s1, e1);
            d1 = wd.fma(s1, d1);
        }
        e0.intoArray(res, 0);
        d0.intoArray(res, L);
        e1.intoArray(res, RB);
        d1.intoArray(res, RB + L);
    }

    /** Four tokens of the group at xp[xo] ([c][G]), block b. */
    private void tile4(float[] xp, int xo, int b, float[] res) {
        long o = b * blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z, e2 = z, d2 = z, e3 = z, d3 = z;
        for (int c = 0; c < cols; c++) {
            IntVector w = IntVector.fromMemorySegment(I, packed, o + (long) c * RB * 2, LE);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            int x = xo + c * G;
            FloatVector s0 = FloatVector.broadcast(F, xp[x]);
            FloatVector s1 = FloatVector.broadcast(F, xp[x + 1]);
            FloatVector s2 = FloatVector.broadcast(F, xp[x + 2]);
            FloatVector s3 = FloatVector.broadcast(F, xp[x + 3]);
            e0 = we.fma(s0, e0);
            d0 = wd.fma(s0, d0);
            e1 = we.fma(s1, e1);
            d1 = wd.fma(s1, d1);
            e2 = we.fma(s2, e2);
            d2 = wd.fma(s2, d2);
            e3 = we.fma(s3, e3);
            d3 = wd.fma(s3, d3);
        }
        e0.intoArray(res, 0);
        d0.intoArray(res, L);
        e1.intoArray(res, RB);
        d1.intoArray(res, RB + L);
        e2.intoArray(res, 2 * RB);
        d2.intoArray(res, 2 * RB + L);
        e3.intoArray(res, 3 * RB);
        d3.intoArray(res, 3 * RB + L);
    }

    /** Eight tokens of the group at xp[xo] ([c][G]), block b: 16 accumulators, 16 FMAs per weight vector. */
    private void tile8(float[] xp, int xo, int b, float[] res) {
        long o = b * blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z, e2 = z, d2 = z, e3 = z, d3 = z;
        FloatVector e4 = z, d4 = z, e5 = z, d5 = z, e6 = z, d6 = z, e7 = z, d7 = z;
        for (int c = 0; c < cols; c++) {
            IntVector w = IntVector.fromMemorySegment(I, packed, o + (long) c * RB * 2, LE);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            int x = xo + c * G;
            FloatVector s0 = FloatVector.broadcast(F, xp[x]);
            e0 = we.fma(s0, e0);
            d0 = wd.fma(s0, d0);
            FloatVector s1 = FloatVector.broadcast(F, xp[x + 1]);
            e1 = we.fma(s1, e1);
            d1 = wd.fma(s1, d1);
            FloatVector s2 = FloatVector.broadcast(F, xp[x + 2]);
            e2 = we.fma(s2, e2);
            d2 = wd.fma(s2, d2);
            FloatVector s3 = FloatVector.broadcast(F, xp[x + 3]);
            e3 = we.fma(s3, e3);
            d3 = wd.fma(s3, d3);
            FloatVector s4 = FloatVector.broadcast(F, xp[x + 4]);
            e4 = we.fma(s4, e4);
            d4 = wd.fma(s4, d4);
            FloatVector s5 = FloatVector.broadcast(F, xp[x + 5]);
            e5 = we.fma(s5, e5);
            d5 = wd.fma(s5, d5);
            FloatVector s6 = FloatVector.broadcast(F, xp[x + 6]);
            e6 = we.fma(s6, e6);
            d6 = wd.fma(s6, d6);
            FloatVector s7 = FloatVector.broadcast(F, xp[x + 7]);
            e7 = we.fma(s7, e7);
            d7 = wd.fma(s7, d7);
        }
        e0.intoArray(res, 0);
        d0.intoArray(res, L);
        e1.intoArray(res, RB);
        d1.intoArray(res, RB + L);
        e2.intoArray(res, 2 * RB);
        d2.intoArray(res, 2 * RB + L);
        e3.intoArray(res, 3 * RB);
        d3.intoArray(res, 3 * RB + L);
        e4.intoArray(res, 4 * RB);
        d4.intoArray(res, 4 * RB + L);
        e5.intoArray(res, 5 * RB);
        d5.intoArray(res, 5 * RB + L);
        e6.intoArray(res, 6 * RB);
        d6.intoArray(res, 6 * RB + L);
        e7.intoArray(res, 7 * RB);
        d7.intoArray(res, 7 * RB + L);
    }
}

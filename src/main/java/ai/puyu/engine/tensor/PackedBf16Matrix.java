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
 * (row, token) is one sequential sum over the columns in natural order, the same whatever the number of tokens
 * (batched decode equals solo decode), with no lane sums at the end. Tiles: one token over four blocks (decode:
 * four weight streams, few instructions per byte), four tokens over two blocks (16 accumulators: each weight
 * vector, converted once, serves 8 FMAs; no activation vector loads, only broadcasts), two tokens over four blocks
 * (batches of one or two tokens: four weight streams, as for decode), two tokens over two blocks (a later group's
 * last one or two tokens, its weights already in L2: no FMAs on padding). Against the row-major 4x4
 * tile this replaced, measured with KernelAb on one core: 4 tokens and more 1.2-1.9x faster from cache, decode
 * 5% faster from DRAM (ops/bench/README.md).
 *
 * <p>Within a block, column c holds 2L bf16 values: int lane i carries row i in its low half and row L + i in its
 * high half, so {@link Vectors#bf16Low} gives rows [0, L) and {@link Vectors#bf16High} rows [L, 2L). Rows past
 * {@code rows} in the last block are zero. Prepared activations ({@link #prepare}) for n &gt; 1 are groups of
 * {@link #G} tokens stored [c][G] (the last group padded with copies of the last token); for n = 1, x itself.
 * The copy costs the weights' size in memory (anonymous, off-heap) and a parallel pass at load.
 */
public final class PackedBf16Matrix implements WeightMatrix {

    /** Rows per block: two vectors of L lanes. */
    static final int RB = 2 * L;
    /** Tokens per activation group (and per tile). */
    static final int G = 4;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    /** Per thread: a tile's results (at most [4][RB], [4][2][RB] or [2][G][RB]). */
    private static final ThreadLocal<float[]> RES = ThreadLocal.withInitial(() -> new float[2 * G * RB]);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    /**
     * The tiles' column step: always 1, but read from a field that is not final, so that C2 sees a stride it cannot
     * fold and compiles each tile's column loop as a plain loop, neither unrolled nor split into pre/main/post loops.
     * The unrolled form (eight columns of four streams per pass for decode) streamed the weights 30-45% slower from
     * DRAM on the EPYC host and ran no faster from cache; plain, every tile was as fast or faster on both (KernelAb,
     * ops/bench/README.md, session 6). Never written.
     */
    @SuppressWarnings("FieldMayBeFinal")
    private static int columnStep = 1;
    private static final ThreadLocal<Packing> PACK = ThreadLocal.withInitial(() -> new Packing(new short[0], new int[0]));

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
        Packing buf = PACK.get();
        if (buf.rows.length < RB * cols) {
            buf = new Packing(new short[RB * cols], new int[L * cols]);
            PACK.set(buf);
        }
        short[] rs = buf.rows; // [RB][cols], the block's rows as stored (zero past the matrix)
        int[] out = buf.block; // [cols][L]: lane i = row i (low half) | row L + i (high half)
        int present = Math.min(RB, rows - b * RB);
        MemorySegment.copy(src, U16, (long) b * RB * cols * 2, rs, 0, present * cols);
        java.util.Arrays.fill(rs, present * cols, RB * cols, (short) 0);
        for (int i = 0; i < L; i++) {
            int lo = i * cols;
            int hi = (L + i) * cols;
            for (int c = 0; c < cols; c++) {
                out[c * L + i] = (rs[lo + c] & 0xFFFF) | rs[hi + c] << 16;
            }
        }
        MemorySegment.copy(out, 0, packed, I32, b * blockBytes, L * cols);
    }

    /** Per-thread buffers of {@link #pack}. */
    private record Packing(short[] rows, int[] block) {
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
        ScalarMatrix.row(tensor, r, dst, dstOffset);
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
        float[] p = Vectors.scratch(groups * G * cols);
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
            int b = b0;
            for (; b + 4 <= b1; b += 4) {
                tile1x4(xp, b, res);
                for (int k = 0; k < 4; k++) {
                    store(res, k * RB, 1, b + k, out, outStride, 0, rowStart, rowEnd);
                }
            }
            for (; b < b1; b += 2) {
                int bb = Math.min(b + 1, b1 - 1);
                tile1(xp, b, bb, res);
                store(res, 0, 1, b, out, outStride, 0, rowStart, rowEnd);
                if (bb != b) {
                    store(res, RB, 1, bb, out, outStride, 0, rowStart, rowEnd);
                }
            }
            return;
        }
        int b = b0;
        if (n <= 2) {
            // one or two tokens: four blocks (four weight streams, as for decode; with two, the EPYC host streams
            // 30-40% slower when each column has little arithmetic), then pairs for the last blocks
            for (; b + 4 <= b1; b += 4) {
                tile4x2(xp, b, res);
                for (int k = 0; k < 4; k++) {
                    store(res, 2 * k * RB, n, b + k, out, outStride, 0, rowStart, rowEnd);
                }
            }
        }
        // two blocks x 4 tokens (two weight streams; the arithmetic of 8 FMAs per converted weight vector keeps them
        // fed); a pair's later groups read its blocks from L2
        for (; b < b1; b += 2) {
            boolean pair = b + 1 < b1;
            for (int t = 0; t < n; t += G) {
                int nt = Math.min(G, n - t);
                if (pair) {
                    if (nt <= 2) {
                        tile2x2(xp, t * cols, b, res);
                    } else {
                        tile2x4(xp, t * cols, b, res);
                    }
                    store(res, G * RB, nt, b + 1, out, outStride, t, rowStart, rowEnd);
                } else {
                    tile4(xp, t * cols, b, res);
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
        for (int c = 0; c < cols; c += columnStep) {
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

    /** One token, blocks b to b + 3 (four weight streams): res[k RB, (k + 1) RB) for block b + k. */
    private void tile1x4(float[] x, int b, float[] res) {
        long o0 = b * blockBytes;
        long o1 = o0 + blockBytes;
        long o2 = o1 + blockBytes;
        long o3 = o2 + blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z, e2 = z, d2 = z, e3 = z, d3 = z;
        for (int c = 0; c < cols; c += columnStep) {
            FloatVector s = FloatVector.broadcast(F, x[c]);
            long off = (long) c * RB * 2;
            IntVector w0 = IntVector.fromMemorySegment(I, packed, o0 + off, LE);
            IntVector w1 = IntVector.fromMemorySegment(I, packed, o1 + off, LE);
            IntVector w2 = IntVector.fromMemorySegment(I, packed, o2 + off, LE);
            IntVector w3 = IntVector.fromMemorySegment(I, packed, o3 + off, LE);
            e0 = Vectors.bf16Low(w0).fma(s, e0);
            d0 = Vectors.bf16High(w0).fma(s, d0);
            e1 = Vectors.bf16Low(w1).fma(s, e1);
            d1 = Vectors.bf16High(w1).fma(s, d1);
            e2 = Vectors.bf16Low(w2).fma(s, e2);
            d2 = Vectors.bf16High(w2).fma(s, d2);
            e3 = Vectors.bf16Low(w3).fma(s, e3);
            d3 = Vectors.bf16High(w3).fma(s, d3);
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

    /** The first two tokens of the group at xp[xo] ([c][G]), blocks b and b + 1: res [2][G][RB], rows 0 and 1 of each. */
    private void tile2x2(float[] xp, int xo, int b, float[] res) {
        long o0 = b * blockBytes;
        long o1 = o0 + blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z, f0 = z, g0 = z, f1 = z, g1 = z;
        for (int c = 0; c < cols; c += columnStep) {
            IntVector w = IntVector.fromMemorySegment(I, packed, o0 + (long) c * RB * 2, LE);
            IntVector v = IntVector.fromMemorySegment(I, packed, o1 + (long) c * RB * 2, LE);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            FloatVector ve = Vectors.bf16Low(v), vd = Vectors.bf16High(v);
            int x = xo + c * G;
            FloatVector s0 = FloatVector.broadcast(F, xp[x]);
            e0 = we.fma(s0, e0);
            d0 = wd.fma(s0, d0);
            f0 = ve.fma(s0, f0);
            g0 = vd.fma(s0, g0);
            FloatVector s1 = FloatVector.broadcast(F, xp[x + 1]);
            e1 = we.fma(s1, e1);
            d1 = wd.fma(s1, d1);
            f1 = ve.fma(s1, f1);
            g1 = vd.fma(s1, g1);
        }
        e0.intoArray(res, 0);
        d0.intoArray(res, L);
        e1.intoArray(res, RB);
        d1.intoArray(res, RB + L);
        f0.intoArray(res, G * RB);
        g0.intoArray(res, G * RB + L);
        f1.intoArray(res, (G + 1) * RB);
        g1.intoArray(res, (G + 1) * RB + L);
    }

    /** The first two tokens of the group at xp[0] ([c][G]), blocks b to b + 3: res [4][2][RB]. */
    private void tile4x2(float[] xp, int b, float[] res) {
        long o0 = b * blockBytes;
        long o1 = o0 + blockBytes;
        long o2 = o1 + blockBytes;
        long o3 = o2 + blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z, f0 = z, g0 = z, f1 = z, g1 = z;
        FloatVector h0 = z, k0 = z, h1 = z, k1 = z, m0 = z, p0 = z, m1 = z, p1 = z;
        for (int c = 0; c < cols; c += columnStep) {
            long off = (long) c * RB * 2;
            IntVector w = IntVector.fromMemorySegment(I, packed, o0 + off, LE);
            IntVector v = IntVector.fromMemorySegment(I, packed, o1 + off, LE);
            IntVector u = IntVector.fromMemorySegment(I, packed, o2 + off, LE);
            IntVector t = IntVector.fromMemorySegment(I, packed, o3 + off, LE);
            int x = c * G;
            FloatVector s0 = FloatVector.broadcast(F, xp[x]);
            FloatVector s1 = FloatVector.broadcast(F, xp[x + 1]);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            e0 = we.fma(s0, e0);
            d0 = wd.fma(s0, d0);
            e1 = we.fma(s1, e1);
            d1 = wd.fma(s1, d1);
            FloatVector ve = Vectors.bf16Low(v), vd = Vectors.bf16High(v);
            f0 = ve.fma(s0, f0);
            g0 = vd.fma(s0, g0);
            f1 = ve.fma(s1, f1);
            g1 = vd.fma(s1, g1);
            FloatVector ue = Vectors.bf16Low(u), ud = Vectors.bf16High(u);
            h0 = ue.fma(s0, h0);
            k0 = ud.fma(s0, k0);
            h1 = ue.fma(s1, h1);
            k1 = ud.fma(s1, k1);
            FloatVector te = Vectors.bf16Low(t), td = Vectors.bf16High(t);
            m0 = te.fma(s0, m0);
            p0 = td.fma(s0, p0);
            m1 = te.fma(s1, m1);
            p1 = td.fma(s1, p1);
        }
        e0.intoArray(res, 0);
        d0.intoArray(res, L);
        e1.intoArray(res, RB);
        d1.intoArray(res, RB + L);
        f0.intoArray(res, 2 * RB);
        g0.intoArray(res, 2 * RB + L);
        f1.intoArray(res, 3 * RB);
        g1.intoArray(res, 3 * RB + L);
        h0.intoArray(res, 4 * RB);
        k0.intoArray(res, 4 * RB + L);
        h1.intoArray(res, 5 * RB);
        k1.intoArray(res, 5 * RB + L);
        m0.intoArray(res, 6 * RB);
        p0.intoArray(res, 6 * RB + L);
        m1.intoArray(res, 7 * RB);
        p1.intoArray(res, 7 * RB + L);
    }

    /** The four tokens of the group at xp[xo] ([c][G]), blocks b and b + 1: res [2][G][RB]. */
    private void tile2x4(float[] xp, int xo, int b, float[] res) {
        long o0 = b * blockBytes;
        long o1 = o0 + blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z, e2 = z, d2 = z, e3 = z, d3 = z;
        FloatVector f0 = z, g0 = z, f1 = z, g1 = z, f2 = z, g2 = z, f3 = z, g3 = z;
        for (int c = 0; c < cols; c += columnStep) {
            IntVector w = IntVector.fromMemorySegment(I, packed, o0 + (long) c * RB * 2, LE);
            IntVector v = IntVector.fromMemorySegment(I, packed, o1 + (long) c * RB * 2, LE);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            FloatVector ve = Vectors.bf16Low(v), vd = Vectors.bf16High(v);
            int x = xo + c * G;
            FloatVector s0 = FloatVector.broadcast(F, xp[x]);
            e0 = we.fma(s0, e0);
            d0 = wd.fma(s0, d0);
            f0 = ve.fma(s0, f0);
            g0 = vd.fma(s0, g0);
            FloatVector s1 = FloatVector.broadcast(F, xp[x + 1]);
            e1 = we.fma(s1, e1);
            d1 = wd.fma(s1, d1);
            f1 = ve.fma(s1, f1);
            g1 = vd.fma(s1, g1);
            FloatVector s2 = FloatVector.broadcast(F, xp[x + 2]);
            e2 = we.fma(s2, e2);
            d2 = wd.fma(s2, d2);
            f2 = ve.fma(s2, f2);
            g2 = vd.fma(s2, g2);
            FloatVector s3 = FloatVector.broadcast(F, xp[x + 3]);
            e3 = we.fma(s3, e3);
            d3 = wd.fma(s3, d3);
            f3 = ve.fma(s3, f3);
            g3 = vd.fma(s3, g3);
        }
        e0.intoArray(res, 0);
        d0.intoArray(res, L);
        e1.intoArray(res, RB);
        d1.intoArray(res, RB + L);
        e2.intoArray(res, 2 * RB);
        d2.intoArray(res, 2 * RB + L);
        e3.intoArray(res, 3 * RB);
        d3.intoArray(res, 3 * RB + L);
        f0.intoArray(res, 4 * RB);
        g0.intoArray(res, 4 * RB + L);
        f1.intoArray(res, 5 * RB);
        g1.intoArray(res, 5 * RB + L);
        f2.intoArray(res, 6 * RB);
        g2.intoArray(res, 6 * RB + L);
        f3.intoArray(res, 7 * RB);
        g3.intoArray(res, 7 * RB + L);
    }

    /** The four tokens of the group at xp[xo] ([c][G]), block b: res [G][RB]. */
    private void tile4(float[] xp, int xo, int b, float[] res) {
        long o = b * blockBytes;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z, e2 = z, d2 = z, e3 = z, d3 = z;
        for (int c = 0; c < cols; c += columnStep) {
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


}

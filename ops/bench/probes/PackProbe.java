// Throwaway probe of session 5 (not built by Maven): packed-layout kernels against the row-major bf16 kernel of
// commit 8f24ea0 (Bf16Matrix), in one JVM. Build against that commit's classes:
//   git worktree add /tmp/base 8f24ea0 && (cd /tmp/base && mvn -q -DskipTests compile)
//   javac --add-modules jdk.incubator.vector -cp /tmp/base/target/classes -d /tmp/pp PackProbe.java
//   java [-Dmode=0|1|2] --add-modules jdk.incubator.vector -cp /tmp/pp:/tmp/base/target/classes ai.puyu.engine.tensor.PackProbe ROWS COLS N THREADS ITERS
// Variants printed: rowmajor (the 4x4 tile), packed (1 block x 8 tokens), third variant as last edited (4stream:
// four column quarters of a block as four streams); earlier edits of the third variant measured touch-ahead loads,
// a touch pass over the next block before computing the current one, and 2 blocks x 4 tokens (ops/bench/README.md).
package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

public final class PackProbe {
    static final int RB = 2 * L; // rows per block (32)

    // packed: block b, column c: 32 bf16: pairs (row b*32+i, row b*32+16+i) for i < 16
    static MemorySegment pack(MemorySegment src, int rows, int cols) {
        MemorySegment p = Arena.global().allocate((long) rows * cols * 2, 64);
        var U = ValueLayout.JAVA_SHORT_UNALIGNED;
        for (int b = 0; b < rows / RB; b++)
            for (int c = 0; c < cols; c++)
                for (int i = 0; i < L; i++) {
                    long dst = ((long) b * cols + c) * RB * 2 + i * 4L;
                    p.set(U, dst, src.get(U, ((long) (b * RB + i) * cols + c) * 2));
                    p.set(U, dst + 2, src.get(U, ((long) (b * RB + L + i) * cols + c) * 2));
                }
        return p;
    }

    // xt: [c][8]
    static void tile8(MemorySegment p, int cols, int b, float[] xt, float[] out, int outStride) {
        long o = (long) b * cols * RB * 2;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, e1 = z, e2 = z, e3 = z, e4 = z, e5 = z, e6 = z, e7 = z;
        FloatVector d0 = z, d1 = z, d2 = z, d3 = z, d4 = z, d5 = z, d6 = z, d7 = z;
        for (int c = 0; c < cols; c++) {
            IntVector w = IntVector.fromMemorySegment(I, p, o + (long) c * RB * 2, LE);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            int x = c * 8;
            FloatVector s;
            s = FloatVector.broadcast(F, xt[x]); e0 = we.fma(s, e0); d0 = wd.fma(s, d0);
            s = FloatVector.broadcast(F, xt[x + 1]); e1 = we.fma(s, e1); d1 = wd.fma(s, d1);
            s = FloatVector.broadcast(F, xt[x + 2]); e2 = we.fma(s, e2); d2 = wd.fma(s, d2);
            s = FloatVector.broadcast(F, xt[x + 3]); e3 = we.fma(s, e3); d3 = wd.fma(s, d3);
            s = FloatVector.broadcast(F, xt[x + 4]); e4 = we.fma(s, e4); d4 = wd.fma(s, d4);
            s = FloatVector.broadcast(F, xt[x + 5]); e5 = we.fma(s, e5); d5 = wd.fma(s, d5);
            s = FloatVector.broadcast(F, xt[x + 6]); e6 = we.fma(s, e6); d6 = wd.fma(s, d6);
            s = FloatVector.broadcast(F, xt[x + 7]); e7 = we.fma(s, e7); d7 = wd.fma(s, d7);
        }
        int r = b * RB;
        e0.intoArray(out, r); d0.intoArray(out, r + L);
        e1.intoArray(out, outStride + r); d1.intoArray(out, outStride + r + L);
        e2.intoArray(out, 2 * outStride + r); d2.intoArray(out, 2 * outStride + r + L);
        e3.intoArray(out, 3 * outStride + r); d3.intoArray(out, 3 * outStride + r + L);
        e4.intoArray(out, 4 * outStride + r); d4.intoArray(out, 4 * outStride + r + L);
        e5.intoArray(out, 5 * outStride + r); d5.intoArray(out, 5 * outStride + r + L);
        e6.intoArray(out, 6 * outStride + r); d6.intoArray(out, 6 * outStride + r + L);
        e7.intoArray(out, 7 * outStride + r); d7.intoArray(out, 7 * outStride + r + L);
    }

    // xt: [c][8]
    static void tile8t(MemorySegment p, int cols, int b, float[] xt, float[] out, int outStride) {
        long o = (long) b * cols * RB * 2;
        int touch = 0;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, e1 = z, e2 = z, e3 = z, e4 = z, e5 = z, e6 = z, e7 = z;
        FloatVector d0 = z, d1 = z, d2 = z, d3 = z, d4 = z, d5 = z, d6 = z, d7 = z;
        for (int c = 0; c < cols; c++) {
            IntVector w = IntVector.fromMemorySegment(I, p, o + (long) c * RB * 2, LE);
            if ((c & 1) == 0 && c + DIST < cols) touch += p.get(ValueLayout.JAVA_INT, o + (long) (c + DIST) * RB * 2);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            int x = c * 8;
            FloatVector s;
            s = FloatVector.broadcast(F, xt[x]); e0 = we.fma(s, e0); d0 = wd.fma(s, d0);
            s = FloatVector.broadcast(F, xt[x + 1]); e1 = we.fma(s, e1); d1 = wd.fma(s, d1);
            s = FloatVector.broadcast(F, xt[x + 2]); e2 = we.fma(s, e2); d2 = wd.fma(s, d2);
            s = FloatVector.broadcast(F, xt[x + 3]); e3 = we.fma(s, e3); d3 = wd.fma(s, d3);
            s = FloatVector.broadcast(F, xt[x + 4]); e4 = we.fma(s, e4); d4 = wd.fma(s, d4);
            s = FloatVector.broadcast(F, xt[x + 5]); e5 = we.fma(s, e5); d5 = wd.fma(s, d5);
            s = FloatVector.broadcast(F, xt[x + 6]); e6 = we.fma(s, e6); d6 = wd.fma(s, d6);
            s = FloatVector.broadcast(F, xt[x + 7]); e7 = we.fma(s, e7); d7 = wd.fma(s, d7);
        }
        SINK = touch;
        int r = b * RB;
        e0.intoArray(out, r); d0.intoArray(out, r + L);
        e1.intoArray(out, outStride + r); d1.intoArray(out, outStride + r + L);
        e2.intoArray(out, 2 * outStride + r); d2.intoArray(out, 2 * outStride + r + L);
        e3.intoArray(out, 3 * outStride + r); d3.intoArray(out, 3 * outStride + r + L);
        e4.intoArray(out, 4 * outStride + r); d4.intoArray(out, 4 * outStride + r + L);
        e5.intoArray(out, 5 * outStride + r); d5.intoArray(out, 5 * outStride + r + L);
        e6.intoArray(out, 6 * outStride + r); d6.intoArray(out, 6 * outStride + r + L);
        e7.intoArray(out, 7 * outStride + r); d7.intoArray(out, 7 * outStride + r + L);
    }

    static volatile int SINK; static int MODE = Integer.getInteger("mode", 0); static int DIST = Integer.getInteger("dist", 64);
    static void touchBlock(MemorySegment p, int cols, int b) {
        long o = (long) b * cols * RB * 2, end = Math.min(o + (long) cols * RB * 2, p.byteSize());
        IntVector acc = IntVector.zero(I);
        for (long q = o; q < end; q += 4L * RB * 2) {
            acc = acc.or(IntVector.fromMemorySegment(I, p, q, LE)).or(IntVector.fromMemorySegment(I, p, q + RB * 2, LE))
                .or(IntVector.fromMemorySegment(I, p, q + 2 * RB * 2, LE)).or(IntVector.fromMemorySegment(I, p, q + 3 * RB * 2, LE));
        }
        SINK = acc.reduceLanes(jdk.incubator.vector.VectorOperators.OR);
    }
    // two blocks x 4 tokens (tokens t0..t0+3 of xt[c][8])
    static void tile2x4(MemorySegment p, int cols, int b, float[] xt, int t0, float[] out, int outStride) {
        long o0 = (long) b * cols * RB * 2, o1 = o0 + (long) cols * RB * 2;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, e1 = z, e2 = z, e3 = z, d0 = z, d1 = z, d2 = z, d3 = z;
        FloatVector f0 = z, f1 = z, f2 = z, f3 = z, g0 = z, g1 = z, g2 = z, g3 = z;
        for (int c = 0; c < cols; c++) {
            IntVector w = IntVector.fromMemorySegment(I, p, o0 + (long) c * RB * 2, LE);
            IntVector v = IntVector.fromMemorySegment(I, p, o1 + (long) c * RB * 2, LE);
            FloatVector we = Vectors.bf16Low(w), wd = Vectors.bf16High(w);
            FloatVector ve = Vectors.bf16Low(v), vd = Vectors.bf16High(v);
            int x = c * 8 + t0;
            FloatVector s;
            s = FloatVector.broadcast(F, xt[x]); e0 = we.fma(s, e0); d0 = wd.fma(s, d0); f0 = ve.fma(s, f0); g0 = vd.fma(s, g0);
            s = FloatVector.broadcast(F, xt[x + 1]); e1 = we.fma(s, e1); d1 = wd.fma(s, d1); f1 = ve.fma(s, f1); g1 = vd.fma(s, g1);
            s = FloatVector.broadcast(F, xt[x + 2]); e2 = we.fma(s, e2); d2 = wd.fma(s, d2); f2 = ve.fma(s, f2); g2 = vd.fma(s, g2);
            s = FloatVector.broadcast(F, xt[x + 3]); e3 = we.fma(s, e3); d3 = wd.fma(s, d3); f3 = ve.fma(s, f3); g3 = vd.fma(s, g3);
        }
        int r = b * RB;
        int q = t0 * outStride;
        e0.intoArray(out, q + r); d0.intoArray(out, q + r + L); f0.intoArray(out, q + r + 2 * L); g0.intoArray(out, q + r + 3 * L); q += outStride;
        e1.intoArray(out, q + r); d1.intoArray(out, q + r + L); f1.intoArray(out, q + r + 2 * L); g1.intoArray(out, q + r + 3 * L); q += outStride;
        e2.intoArray(out, q + r); d2.intoArray(out, q + r + L); f2.intoArray(out, q + r + 2 * L); g2.intoArray(out, q + r + 3 * L); q += outStride;
        e3.intoArray(out, q + r); d3.intoArray(out, q + r + L); f3.intoArray(out, q + r + 2 * L); g3.intoArray(out, q + r + 3 * L);
    }
    // xt: [c][8]
    static void tile8s(MemorySegment p, int cols, int b, float[] xt, float[] out, int outStride) {
        long o = (long) b * cols * RB * 2;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, e1 = z, e2 = z, e3 = z, e4 = z, e5 = z, e6 = z, e7 = z;
        FloatVector d0 = z, d1 = z, d2 = z, d3 = z, d4 = z, d5 = z, d6 = z, d7 = z;
        int q = cols / 4;
        for (int j = 0; j < q; j++) {
            IntVector w0 = IntVector.fromMemorySegment(I, p, o + (long) (0 * q + j) * RB * 2, LE);
            FloatVector we0 = Vectors.bf16Low(w0), wd0 = Vectors.bf16High(w0);
            int x0 = (j * 4 + 0) * 8;
            FloatVector s0;
            s0 = FloatVector.broadcast(F, xt[x0]); e0 = we0.fma(s0, e0); d0 = wd0.fma(s0, d0);
            s0 = FloatVector.broadcast(F, xt[x0 + 1]); e1 = we0.fma(s0, e1); d1 = wd0.fma(s0, d1);
            s0 = FloatVector.broadcast(F, xt[x0 + 2]); e2 = we0.fma(s0, e2); d2 = wd0.fma(s0, d2);
            s0 = FloatVector.broadcast(F, xt[x0 + 3]); e3 = we0.fma(s0, e3); d3 = wd0.fma(s0, d3);
            s0 = FloatVector.broadcast(F, xt[x0 + 4]); e4 = we0.fma(s0, e4); d4 = wd0.fma(s0, d4);
            s0 = FloatVector.broadcast(F, xt[x0 + 5]); e5 = we0.fma(s0, e5); d5 = wd0.fma(s0, d5);
            s0 = FloatVector.broadcast(F, xt[x0 + 6]); e6 = we0.fma(s0, e6); d6 = wd0.fma(s0, d6);
            s0 = FloatVector.broadcast(F, xt[x0 + 7]); e7 = we0.fma(s0, e7); d7 = wd0.fma(s0, d7);
            IntVector w1 = IntVector.fromMemorySegment(I, p, o + (long) (1 * q + j) * RB * 2, LE);
            FloatVector we1 = Vectors.bf16Low(w1), wd1 = Vectors.bf16High(w1);
            int x1 = (j * 4 + 1) * 8;
            FloatVector s1;
            s1 = FloatVector.broadcast(F, xt[x1]); e0 = we1.fma(s1, e0); d0 = wd1.fma(s1, d0);
            s1 = FloatVector.broadcast(F, xt[x1 + 1]); e1 = we1.fma(s1, e1); d1 = wd1.fma(s1, d1);
            s1 = FloatVector.broadcast(F, xt[x1 + 2]); e2 = we1.fma(s1, e2); d2 = wd1.fma(s1, d2);
            s1 = FloatVector.broadcast(F, xt[x1 + 3]); e3 = we1.fma(s1, e3); d3 = wd1.fma(s1, d3);
            s1 = FloatVector.broadcast(F, xt[x1 + 4]); e4 = we1.fma(s1, e4); d4 = wd1.fma(s1, d4);
            s1 = FloatVector.broadcast(F, xt[x1 + 5]); e5 = we1.fma(s1, e5); d5 = wd1.fma(s1, d5);
            s1 = FloatVector.broadcast(F, xt[x1 + 6]); e6 = we1.fma(s1, e6); d6 = wd1.fma(s1, d6);
            s1 = FloatVector.broadcast(F, xt[x1 + 7]); e7 = we1.fma(s1, e7); d7 = wd1.fma(s1, d7);
            IntVector w2 = IntVector.fromMemorySegment(I, p, o + (long) (2 * q + j) * RB * 2, LE);
            FloatVector we2 = Vectors.bf16Low(w2), wd2 = Vectors.bf16High(w2);
            int x2 = (j * 4 + 2) * 8;
            FloatVector s2;
            s2 = FloatVector.broadcast(F, xt[x2]); e0 = we2.fma(s2, e0); d0 = wd2.fma(s2, d0);
            s2 = FloatVector.broadcast(F, xt[x2 + 1]); e1 = we2.fma(s2, e1); d1 = wd2.fma(s2, d1);
            s2 = FloatVector.broadcast(F, xt[x2 + 2]); e2 = we2.fma(s2, e2); d2 = wd2.fma(s2, d2);
            s2 = FloatVector.broadcast(F, xt[x2 + 3]); e3 = we2.fma(s2, e3); d3 = wd2.fma(s2, d3);
            s2 = FloatVector.broadcast(F, xt[x2 + 4]); e4 = we2.fma(s2, e4); d4 = wd2.fma(s2, d4);
            s2 = FloatVector.broadcast(F, xt[x2 + 5]); e5 = we2.fma(s2, e5); d5 = wd2.fma(s2, d5);
            s2 = FloatVector.broadcast(F, xt[x2 + 6]); e6 = we2.fma(s2, e6); d6 = wd2.fma(s2, d6);
            s2 = FloatVector.broadcast(F, xt[x2 + 7]); e7 = we2.fma(s2, e7); d7 = wd2.fma(s2, d7);
            IntVector w3 = IntVector.fromMemorySegment(I, p, o + (long) (3 * q + j) * RB * 2, LE);
            FloatVector we3 = Vectors.bf16Low(w3), wd3 = Vectors.bf16High(w3);
            int x3 = (j * 4 + 3) * 8;
            FloatVector s3;
            s3 = FloatVector.broadcast(F, xt[x3]); e0 = we3.fma(s3, e0); d0 = wd3.fma(s3, d0);
            s3 = FloatVector.broadcast(F, xt[x3 + 1]); e1 = we3.fma(s3, e1); d1 = wd3.fma(s3, d1);
            s3 = FloatVector.broadcast(F, xt[x3 + 2]); e2 = we3.fma(s3, e2); d2 = wd3.fma(s3, d2);
            s3 = FloatVector.broadcast(F, xt[x3 + 3]); e3 = we3.fma(s3, e3); d3 = wd3.fma(s3, d3);
            s3 = FloatVector.broadcast(F, xt[x3 + 4]); e4 = we3.fma(s3, e4); d4 = wd3.fma(s3, d4);
            s3 = FloatVector.broadcast(F, xt[x3 + 5]); e5 = we3.fma(s3, e5); d5 = wd3.fma(s3, d5);
            s3 = FloatVector.broadcast(F, xt[x3 + 6]); e6 = we3.fma(s3, e6); d6 = wd3.fma(s3, d6);
            s3 = FloatVector.broadcast(F, xt[x3 + 7]); e7 = we3.fma(s3, e7); d7 = wd3.fma(s3, d7);
        }
        int r = b * RB;
        e0.intoArray(out, r); d0.intoArray(out, r + L);
        e1.intoArray(out, outStride + r); d1.intoArray(out, outStride + r + L);
        e2.intoArray(out, 2 * outStride + r); d2.intoArray(out, 2 * outStride + r + L);
        e3.intoArray(out, 3 * outStride + r); d3.intoArray(out, 3 * outStride + r + L);
        e4.intoArray(out, 4 * outStride + r); d4.intoArray(out, 4 * outStride + r + L);
        e5.intoArray(out, 5 * outStride + r); d5.intoArray(out, 5 * outStride + r + L);
        e6.intoArray(out, 6 * outStride + r); d6.intoArray(out, 6 * outStride + r + L);
        e7.intoArray(out, 7 * outStride + r); d7.intoArray(out, 7 * outStride + r + L);
    }

    // xt: [c][8]
    // one token, two blocks at once (4 accumulators)
    static void tile1x2(MemorySegment p, int cols, int b, float[] x, float[] out) {
        long o0 = (long) b * cols * RB * 2, o1 = o0 + (long) cols * RB * 2;
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, d0 = z, e1 = z, d1 = z;
        for (int c = 0; c < cols; c++) {
            FloatVector s = FloatVector.broadcast(F, x[c]);
            IntVector w0 = IntVector.fromMemorySegment(I, p, o0 + (long) c * RB * 2, LE);
            IntVector w1 = IntVector.fromMemorySegment(I, p, o1 + (long) c * RB * 2, LE);
            e0 = Vectors.bf16Low(w0).fma(s, e0); d0 = Vectors.bf16High(w0).fma(s, d0);
            e1 = Vectors.bf16Low(w1).fma(s, e1); d1 = Vectors.bf16High(w1).fma(s, d1);
        }
        int r = b * RB;
        e0.intoArray(out, r); d0.intoArray(out, r + L); e1.intoArray(out, r + 2 * L); d1.intoArray(out, r + 3 * L);
    }

    public static void main(String[] a) throws Exception {
        int rows = Integer.parseInt(a[0]), cols = Integer.parseInt(a[1]), n = Integer.parseInt(a[2]);
        int threads = Integer.parseInt(a[3]), iters = Integer.parseInt(a[4]);
        MemorySegment src = Arena.global().allocate((long) rows * cols * 2, 64);
        java.util.Random rnd = new java.util.Random(1);
        for (long i = 0; i < (long) rows * cols; i++) src.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2, (short) (Float.floatToIntBits(rnd.nextFloat() - 0.5f) >>> 16));
        Tensor t = new Tensor("w", DType.BF16, new long[] {rows, cols}, src);
        Bf16Matrix m = new Bf16Matrix(t);
        MemorySegment p = pack(src, rows, cols);
        float[] x = new float[n * cols];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - 0.5f;
        float[] xt = new float[cols * 8];
        for (int c = 0; c < cols; c++) for (int j = 0; j < 8; j++) xt[c * 8 + j] = x[Math.min(j, n - 1) * cols + c];
        float[] xtp = new float[cols * 8];
        for (int c = 0; c < cols; c++) { int k = (c % (cols / 4)) * 4 + c / (cols / 4); System.arraycopy(xt, c * 8, xtp, k * 8, 8); }
        float[] o1 = new float[n * rows], o2 = new float[8 * rows];
        // check
        m.multiply(x, n, o1, rows, 0, rows);
        int nb = rows / RB;
        if (n == 1) for (int b = 0; b < nb; b += 2) tile1x2(p, cols, b, x, o2);
        else for (int b = 0; b < nb; b++) tile8(p, cols, b, xt, o2, rows);
        double maxd = 0; for (int i = 0; i < n * rows; i++) maxd = Math.max(maxd, Math.abs(o1[i] - o2[i]));
        System.out.println("max diff " + maxd);
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(threads);
        float[] xp = m.prepare(x, n).clone();
        for (int round = 0; round < 8; round++) {
            for (int variant = 0; variant < 3; variant++) {
                final int v = variant;
                long s = System.nanoTime();
                for (int it = 0; it < iters; it++) {
                    var fs = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                    if (threads == 1) {
                        if (v == 0) m.multiplyPrepared(xp, n, o1, rows, 0, rows);
                        else if (n == 1) { for (int b = 0; b < nb; b += 2) tile1x2(p, cols, b, x, o2); }
                        else for (int b = 0; b < nb; b++) tile8(p, cols, b, xt, o2, rows);
                        continue;
                    }
                    for (int th = 0; th < threads; th++) {
                        int b0 = nb * th / threads, b1 = nb * (th + 1) / threads;
                        fs.add(ex.submit(() -> {
                            if (v == 0) m.multiplyPrepared(xp, n, o1, rows, b0 * RB, b1 * RB);
                            else if (n == 1) { for (int b = b0; b < b1; b += 2) tile1x2(p, cols, b, x, o2); }
                            else if (v == 1) for (int b = b0; b < b1; b++) tile8(p, cols, b, xt, o2, rows); else for (int b = b0; b < b1; b++) { tile8s(p, cols, b, xtp, o2, rows); }
                        }));
                    }
                    for (var f : fs) f.get();
                }
                double sec = (System.nanoTime() - s) / 1e9 / iters;
                System.out.printf("%s n=%d: %.3f ms  %.1f GFLOP/s %.1f GB/s%n", v == 0 ? "rowmajor" : v == 1 ? "packed  " : "4stream ", n, sec * 1e3, 2.0 * rows * cols * n / sec / 1e9, rows * cols * 2.0 / sec / 1e9);
            }
        }
        ex.shutdown();
    }
}

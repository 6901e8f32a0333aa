package ai.puyu.engine.cpu;

import static jdk.incubator.vector.VectorOperators.B2F;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the forward pass's element-wise kernels, in the preferred species of the machine
 * (AVX-512: 16 lanes, AVX2: 8). Tails shorter than a vector run the scalar formula. Exponentials and lane
 * sums go through {@link VectorMath}, so results do not depend on whether the JIT has compiled a kernel yet.
 */
public final class VectorKernels implements CpuKernels {

    public static final VectorKernels INSTANCE = new VectorKernels();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** S.length() signed bytes: one int8 KV load widens to one float vector. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(S.vectorBitSize() / 4));
    /** Per thread: the lanes of an accumulator, summed in order (see {@link VectorMath}). */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[S.length()]);
    /** Per thread: the sums of {@link #dots}' accumulators (up to eight). */
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[8]);

    @Override
    public void rmsNorm(float[] out, int o, float[] x, int xo, float[] w, int n, float eps) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            acc = v.fma(v, acc);
        }
        float ss = VectorMath.sum(acc, LANES.get());
        for (; i < n; i++) {
            ss += x[xo + i] * x[xo + i];
        }
        float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
        i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).mul(inv);
            FloatVector.fromArray(S, w, i).mul(v).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = w[i] * (x[xo + i] * inv);
        }
    }

    @Override
    public void rope(float[] x, int xo, float[] cos, float[] sin, int co, int half) {
        int i = 0;
        int bound = S.loopBound(half);
        for (; i < bound; i += S.length()) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, x, xo + i + half);
            FloatVector c = FloatVector.fromArray(S, cos, co + i);
            FloatVector s = FloatVector.fromArray(S, sin, co + i);
            a.mul(c).sub(b.mul(s)).intoArray(x, xo + i);
            b.mul(c).add(a.mul(s)).intoArray(x, xo + i + half);
        }
        for (; i < half; i++) {
            float a = x[xo + i];
            float b = x[xo + i + half];
            x[xo + i] = a * cos[co + i] - b * sin[co + i];
            x[xo + i + half] = b * cos[co + i] + a * sin[co + i];
        }
    }

    @Override
    public float dot(float[] a, int ao, MemorySegment seg, long so, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector k = FloatVector.fromMemorySegment(S, seg, so + 4L * i, NATIVE);
            acc = FloatVector.fromArray(S, a, ao + i).fma(k, acc);
        }
        float sum = VectorMath.foldSum(acc); // the order dots sums its scores in
        for (; i < n; i++) {
            sum += a[ao + i] * seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, so + 4L * i);
        }
        return sum;
    }

    @Override
    public void axpy(float[] out, int o, float s, MemorySegment seg, long so, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromMemorySegment(S, seg, so + 4L * i, NATIVE);
            v.fma(FloatVector.broadcast(S, s), FloatVector.fromArray(S, out, o + i)).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] += s * seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, so + 4L * i);
        }
    }

    /**
     * Eight keys at a time, then four, then one by one: the accumulators share each load of the query, and each is
     * summed as {@link #dot} sums (the same chain of FMAs over the vectors, the lanes folded by
     * {@link VectorMath#foldSum}, then the scalar tail), so the scores are dot's to the bit.
     */
    @Override
    public void dots(float[] a, int ao, MemorySegment seg, long so, long stride, int count, int n, float scale,
                     float[] out, int oo) {
        int bound = S.loopBound(n);
        int lanes = S.length();
        float[] tmp = SUMS.get();
        int p = 0;
        for (; p + 8 <= count; p += 8) {
            long k0 = so + p * stride;
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
            for (int i = 0; i < bound; i += lanes) {
                FloatVector q = FloatVector.fromArray(S, a, ao + i);
                long k = k0 + 4L * i;
                c0 = q.fma(FloatVector.fromMemorySegment(S, seg, k, NATIVE), c0);
                c1 = q.fma(FloatVector.fromMemorySegment(S, seg, k + stride, NATIVE), c1);
                c2 = q.fma(FloatVector.fromMemorySegment(S, seg, k + 2 * stride, NATIVE), c2);
                c3 = q.fma(FloatVector.fromMemorySegment(S, seg, k + 3 * stride, NATIVE), c3);
                c4 = q.fma(FloatVector.fromMemorySegment(S, seg, k + 4 * stride, NATIVE), c4);
                c5 = q.fma(FloatVector.fromMemorySegment(S, seg, k + 5 * stride, NATIVE), c5);
                c6 = q.fma(FloatVector.fromMemorySegment(S, seg, k + 6 * stride, NATIVE), c6);
                c7 = q.fma(FloatVector.fromMemorySegment(S, seg, k + 7 * stride, NATIVE), c7);
            }
            tmp[0] = VectorMath.foldSum(c0);
            tmp[1] = VectorMath.foldSum(c1);
            tmp[2] = VectorMath.foldSum(c2);
            tmp[3] = VectorMath.foldSum(c3);
            tmp[4] = VectorMath.foldSum(c4);
            tmp[5] = VectorMath.foldSum(c5);
            tmp[6] = VectorMath.foldSum(c6);
            tmp[7] = VectorMath.foldSum(c7);
            tails(tmp, 8, a, ao, seg, k0, stride, bound, n, scale, out, oo + p);
        }
        for (; p + 4 <= count; p += 4) {
            long k0 = so + p * stride, k1 = k0 + stride, k2 = k1 + stride, k3 = k2 + stride;
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
            for (int i = 0; i < bound; i += lanes) {
                FloatVector q = FloatVector.fromArray(S, a, ao + i);
                c0 = q.fma(FloatVector.fromMemorySegment(S, seg, k0 + 4L * i, NATIVE), c0);
                c1 = q.fma(FloatVector.fromMemorySegment(S, seg, k1 + 4L * i, NATIVE), c1);
                c2 = q.fma(FloatVector.fromMemorySegment(S, seg, k2 + 4L * i, NATIVE), c2);
                c3 = q.fma(FloatVector.fromMemorySegment(S, seg, k3 + 4L * i, NATIVE), c3);
            }
            tmp[0] = VectorMath.foldSum(c0);
            tmp[1] = VectorMath.foldSum(c1);
            tmp[2] = VectorMath.foldSum(c2);
            tmp[3] = VectorMath.foldSum(c3);
            tails(tmp, 4, a, ao, seg, k0, stride, bound, n, scale, out, oo + p);
        }
        for (; p < count; p++) {
            out[oo + p] = dot(a, ao, seg, so + p * stride, n) * scale;
        }
    }

    /** The scores of {@link #dots} from its accumulators' sums in tmp: the scalar tail added, as dot adds it. */
    private static void tails(float[] tmp, int keys, float[] a, int ao, MemorySegment seg, long so, long stride,
                              int bound, int n, float scale, float[] out, int oo) {
        for (int k = 0; k < keys; k++) {
            float sum = tmp[k];
            long key = so + k * stride;
            for (int i = bound; i < n; i++) {
                sum += a[ao + i] * seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, key + 4L * i);
            }
            out[oo + k] = sum * scale;
        }
    }

    /**
     * Up to eight vectors of the output at a time kept in registers over all the block's positions: per element the
     * same FMA chain, in position order, as one {@link #axpy} per position.
     */
    @Override
    public void axpys(float[] out, int o, float[] w, int wo, MemorySegment seg, long so, long stride, int count, int n) {
        int lanes = S.length();
        int bound = S.loopBound(n);
        int i = 0;
        for (; i + 8 * lanes <= bound; i += 8 * lanes) {
            FloatVector y0 = FloatVector.fromArray(S, out, o + i), y1 = FloatVector.fromArray(S, out, o + i + lanes);
            FloatVector y2 = FloatVector.fromArray(S, out, o + i + 2 * lanes);
            FloatVector y3 = FloatVector.fromArray(S, out, o + i + 3 * lanes);
            FloatVector y4 = FloatVector.fromArray(S, out, o + i + 4 * lanes);
            FloatVector y5 = FloatVector.fromArray(S, out, o + i + 5 * lanes);
            FloatVector y6 = FloatVector.fromArray(S, out, o + i + 6 * lanes);
            FloatVector y7 = FloatVector.fromArray(S, out, o + i + 7 * lanes);
            long v = so + 4L * i;
            for (int p = 0; p < count; p++, v += stride) {
                FloatVector s = FloatVector.broadcast(S, w[wo + p]);
                y0 = FloatVector.fromMemorySegment(S, seg, v, NATIVE).fma(s, y0);
                y1 = FloatVector.fromMemorySegment(S, seg, v + 4L * lanes, NATIVE).fma(s, y1);
                y2 = FloatVector.fromMemorySegment(S, seg, v + 8L * lanes, NATIVE).fma(s, y2);
                y3 = FloatVector.fromMemorySegment(S, seg, v + 12L * lanes, NATIVE).fma(s, y3);
                y4 = FloatVector.fromMemorySegment(S, seg, v + 16L * lanes, NATIVE).fma(s, y4);
                y5 = FloatVector.fromMemorySegment(S, seg, v + 20L * lanes, NATIVE).fma(s, y5);
                y6 = FloatVector.fromMemorySegment(S, seg, v + 24L * lanes, NATIVE).fma(s, y6);
                y7 = FloatVector.fromMemorySegment(S, seg, v + 28L * lanes, NATIVE).fma(s, y7);
            }
            y0.intoArray(out, o + i);
            y1.intoArray(out, o + i + lanes);
            y2.intoArray(out, o + i + 2 * lanes);
            y3.intoArray(out, o + i + 3 * lanes);
            y4.intoArray(out, o + i + 4 * lanes);
            y5.intoArray(out, o + i + 5 * lanes);
            y6.intoArray(out, o + i + 6 * lanes);
            y7.intoArray(out, o + i + 7 * lanes);
        }
        for (; i + 4 * lanes <= bound; i += 4 * lanes) {
            FloatVector y0 = FloatVector.fromArray(S, out, o + i), y1 = FloatVector.fromArray(S, out, o + i + lanes);
            FloatVector y2 = FloatVector.fromArray(S, out, o + i + 2 * lanes);
            FloatVector y3 = FloatVector.fromArray(S, out, o + i + 3 * lanes);
            long v = so + 4L * i;
            for (int p = 0; p < count; p++, v += stride) {
                FloatVector s = FloatVector.broadcast(S, w[wo + p]);
                y0 = FloatVector.fromMemorySegment(S, seg, v, NATIVE).fma(s, y0);
                y1 = FloatVector.fromMemorySegment(S, seg, v + 4L * lanes, NATIVE).fma(s, y1);
                y2 = FloatVector.fromMemorySegment(S, seg, v + 8L * lanes, NATIVE).fma(s, y2);
                y3 = FloatVector.fromMemorySegment(S, seg, v + 12L * lanes, NATIVE).fma(s, y3);
            }
            y0.intoArray(out, o + i);
            y1.intoArray(out, o + i + lanes);
            y2.intoArray(out, o + i + 2 * lanes);
            y3.intoArray(out, o + i + 3 * lanes);
        }
        for (; i < bound; i += lanes) {
            FloatVector y = FloatVector.fromArray(S, out, o + i);
            long v = so + 4L * i;
            for (int p = 0; p < count; p++, v += stride) {
                y = FloatVector.fromMemorySegment(S, seg, v, NATIVE).fma(FloatVector.broadcast(S, w[wo + p]), y);
            }
            y.intoArray(out, o + i);
        }
        for (; i < n; i++) {
            float y = out[o + i];
            long v = so + 4L * i;
            for (int p = 0; p < count; p++, v += stride) {
                y += w[wo + p] * seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, v);
            }
            out[o + i] = y;
        }
    }

    @Override
    public float dotI8(float[] a, int ao, MemorySegment seg, long so, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector k = (FloatVector) ByteVector.fromMemorySegment(BYTES, seg, so + i, NATIVE).convertShape(B2F, S, 0);
            acc = FloatVector.fromArray(S, a, ao + i).fma(k, acc);
        }
        float sum = VectorMath.foldSum(acc); // lanes folded in registers, as dot
        for (; i < n; i++) {
            sum += a[ao + i] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, so + i);
        }
        return sum;
    }

    @Override
    public void axpyI8(float[] out, int o, float s, MemorySegment seg, long so, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = (FloatVector) ByteVector.fromMemorySegment(BYTES, seg, so + i, NATIVE).convertShape(B2F, S, 0);
            v.fma(FloatVector.broadcast(S, s), FloatVector.fromArray(S, out, o + i)).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] += s * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, so + i);
        }
    }

    @Override
    public void softmax(float[] x, int o, int n) {
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += S.length()) {
            vmax = vmax.max(FloatVector.fromArray(S, x, o + i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[o + i]);
        }
        FloatVector vsum = FloatVector.zero(S);
        i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, o + i).sub(max));
            e.intoArray(x, o + i);
            vsum = vsum.add(e);
        }
        float sum = VectorMath.sum(vsum, LANES.get());
        for (; i < n; i++) {
            x[o + i] = (float) Math.exp(x[o + i] - max);
            sum += x[o + i];
        }
        float inv = 1f / sum;
        i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, o + i).mul(inv).intoArray(x, o + i);
        }
        for (; i < n; i++) {
            x[o + i] *= inv;
        }
    }

    @Override
    public void siluMul(float[] gate, float[] up, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gate, i);
            FloatVector denom = VectorMath.exp(g.neg()).add(1f);
            g.div(denom).mul(FloatVector.fromArray(S, up, i)).intoArray(gate, i);
        }
        for (; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    @Override
    public void add(float[] acc, float[] x, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, acc, i).add(FloatVector.fromArray(S, x, i)).intoArray(acc, i);
        }
        for (; i < n; i++) {
            acc[i] += x[i];
        }
    }
}

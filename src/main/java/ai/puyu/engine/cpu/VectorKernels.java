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
        float sum = VectorMath.sum(acc, LANES.get());
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

    @Override
    public float dotI8(float[] a, int ao, MemorySegment seg, long so, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector k = (FloatVector) ByteVector.fromMemorySegment(BYTES, seg, so + i, NATIVE).convertShape(B2F, S, 0);
            acc = FloatVector.fromArray(S, a, ao + i).fma(k, acc);
        }
        float sum = VectorMath.sum(acc, LANES.get());
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

package ai.puyu.engine.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The plain scalar twin of {@link VectorKernels}: one element at a time, straight from the formulas. */
public final class ScalarKernels implements CpuKernels {

    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Override
    public void rmsNorm(float[] out, int o, float[] x, int xo, float[] w, int n, float eps) {
        float ss = 0f;
        for (int i = 0; i < n; i++) {
            ss += x[xo + i] * x[xo + i];
        }
        float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[o + i] = w[i] * (x[xo + i] * inv);
        }
    }

    @Override
    public void rope(float[] x, int xo, float[] cos, float[] sin, int co, int half) {
        for (int i = 0; i < half; i++) {
            float a = x[xo + i];
            float b = x[xo + i + half];
            float c = cos[co + i];
            float s = sin[co + i];
            x[xo + i] = a * c - b * s;
            x[xo + i + half] = b * c + a * s;
        }
    }

    @Override
    public float dot(float[] a, int ao, MemorySegment seg, long so, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[ao + i] * seg.get(F32, so + 4L * i);
        }
        return sum;
    }

    @Override
    public void axpy(float[] out, int o, float s, MemorySegment seg, long so, int n) {
        for (int i = 0; i < n; i++) {
            out[o + i] += s * seg.get(F32, so + 4L * i);
        }
    }

    @Override
    public float dotI8(float[] a, int ao, MemorySegment seg, long so, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[ao + i] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, so + i);
        }
        return sum;
    }

    @Override
    public void axpyI8(float[] out, int o, float s, MemorySegment seg, long so, int n) {
        for (int i = 0; i < n; i++) {
            out[o + i] += s * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, so + i);
        }
    }

    @Override
    public void softmax(float[] x, int o, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[o + i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            x[o + i] = (float) Math.exp(x[o + i] - max);
            sum += x[o + i];
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[o + i] *= inv;
        }
    }

    @Override
    public void siluMul(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    @Override
    public void add(float[] acc, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += x[i];
        }
    }
}

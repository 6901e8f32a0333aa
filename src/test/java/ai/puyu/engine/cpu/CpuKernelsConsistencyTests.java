package ai.puyu.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every Vector API kernel agrees with its scalar twin, on lengths with and without a scalar tail. */
class CpuKernelsConsistencyTests {

    private static final CpuKernels FAST = VectorKernels.INSTANCE;
    private static final CpuKernels SCALAR = ScalarKernels.INSTANCE;

    private final SplittableRandom rnd = new SplittableRandom(42);

    private float[] random(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    private static void assertClose(float[] fast, float[] scalar, double relTol) {
        double max = 0;
        for (float f : scalar) {
            max = Math.max(max, Math.abs(f));
        }
        for (int i = 0; i < scalar.length; i++) {
            assertThat((double) fast[i]).as("element %d", i).isCloseTo(scalar[i], within(relTol * max + 1e-30));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 64, 133, 2048})
    void rmsNormAgrees(int n) {
        float[] x = random(n + 3, 3);
        float[] w = random(n, 1);
        float[] a = new float[n + 5];
        float[] b = new float[n + 5];
        FAST.rmsNorm(a, 5, x, 3, w, n, 1e-5f);
        SCALAR.rmsNorm(b, 5, x, 3, w, n, 1e-5f);
        assertClose(a, b, 1e-6);
        // and the scalar twin is the formula: w * x / sqrt(mean(x^2) + eps)
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[3 + i] * x[3 + i];
        }
        assertThat((double) b[5]).isCloseTo(w[0] * x[3] / Math.sqrt(ss / n + 1e-5), within(1e-5 * Math.abs(b[5]) + 1e-7));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 8, 64, 67})
    void ropeAgrees(int half) {
        float[] x = random(2 * half + 2, 2);
        float[] y = x.clone();
        float[] cos = random(half + 1, 1);
        float[] sin = random(half + 1, 1);
        FAST.rope(x, 2, cos, sin, 1, half);
        SCALAR.rope(y, 2, cos, sin, 1, half);
        assertClose(x, y, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 128, 131})
    void dotAndAxpyOverOffHeapAgree(int n) {
        try (Arena arena = Arena.ofConfined()) {
            float[] v = random(n + 8, 1);
            MemorySegment seg = arena.allocate((n + 8) * 4L);
            MemorySegment.copy(v, 0, seg, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, n + 8);
            float[] q = random(n + 1, 1);
            float fast = FAST.dot(q, 1, seg, 12, n);
            float scalar = SCALAR.dot(q, 1, seg, 12, n);
            assertThat((double) fast).isCloseTo(scalar, within(1e-5 * n));
            float[] a = random(n + 2, 1);
            float[] b = a.clone();
            FAST.axpy(a, 2, 0.37f, seg, 4, n);
            SCALAR.axpy(b, 2, 0.37f, seg, 4, n);
            assertClose(a, b, 1e-6);
        }
    }

    /**
     * A block of keys and values at once: the same bits as one dot / axpy per position (attention relies on it: a
     * prefill chunk's tokens must match the same tokens computed one by one), and the scalar twin within rounding.
     * Counts cover the 8- and 4-key tiles and the single-key rest; lengths the 8-, 4- and 1-vector paths and a tail.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 7, 8, 13, 16, 21})
    void blockDotsAndAxpysMatchOnePositionAtATime(int count) {
        for (int n : new int[] {16, 64, 128, 131, 7}) {
            long stride = (n + 9) * 4L; // positions apart by more than a vector, as heads in a KV slot
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(stride * count + 64);
                float[] v = random((int) (stride / 4) * count + 16, 1);
                MemorySegment.copy(v, 0, seg, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, v.length);
                float[] q = random(n + 3, 1);
                for (CpuKernels k : new CpuKernels[] {FAST, SCALAR}) {
                    float[] block = new float[count + 2];
                    k.dots(q, 3, seg, 8, stride, count, n, 0.125f, block, 2);
                    for (int p = 0; p < count; p++) {
                        assertThat(block[2 + p]).as("%s score %d of %d, n %d", k, p, count, n)
                                .isEqualTo(k.dot(q, 3, seg, 8 + p * stride, n) * 0.125f);
                    }
                    assertThat(block[0]).isZero();
                    float[] w = random(count + 1, 1);
                    float[] a = random(n + 2, 1);
                    float[] b = a.clone();
                    k.axpys(a, 2, w, 1, seg, 4, stride, count, n);
                    for (int p = 0; p < count; p++) {
                        k.axpy(b, 2, w[1 + p], seg, 4 + p * stride, n);
                    }
                    assertThat(a).as("%s values, %d positions, n %d", k, count, n).isEqualTo(b);
                }
                float[] fast = new float[count];
                float[] scalar = new float[count];
                FAST.dots(q, 3, seg, 8, stride, count, n, 1f, fast, 0);
                SCALAR.dots(q, 3, seg, 8, stride, count, n, 1f, scalar, 0);
                for (int p = 0; p < count; p++) {
                    assertThat((double) fast[p]).isCloseTo(scalar[p], within(1e-5 * n));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 128, 131})
    void int8DotAndAxpyAgree(int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(n + 8);
            for (int i = 0; i < n + 8; i++) {
                seg.set(ValueLayout.JAVA_BYTE, i, (byte) (rnd.nextInt(255) - 127));
            }
            float[] q = random(n + 1, 1);
            float fast = FAST.dotI8(q, 1, seg, 3, n);
            float scalar = SCALAR.dotI8(q, 1, seg, 3, n);
            double exact = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) q[1 + i] * seg.get(ValueLayout.JAVA_BYTE, 3 + i);
            }
            assertThat((double) scalar).isCloseTo(exact, within(1e-3 * n));
            assertThat((double) fast).isCloseTo(scalar, within(1e-3 * n));
            float[] a = random(n + 2, 1);
            float[] before = a.clone();
            float[] b = a.clone();
            FAST.axpyI8(a, 2, 0.37f, seg, 5, n);
            SCALAR.axpyI8(b, 2, 0.37f, seg, 5, n);
            assertClose(a, b, 1e-6);
            for (int i = 0; i < n; i++) {
                assertThat((double) b[2 + i]).isCloseTo(before[2 + i] + 0.37 * seg.get(ValueLayout.JAVA_BYTE, 5 + i), within(1e-4));
            }
            assertThat(b[0]).isEqualTo(before[0]);
            assertThat(b[1]).isEqualTo(before[1]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16, 40, 1000})
    void softmaxAgreesAndSumsToOne(int n) {
        float[] a = random(n + 1, 20);
        float[] b = a.clone();
        FAST.softmax(a, 1, n);
        SCALAR.softmax(b, 1, n);
        assertClose(a, b, 1e-5);
        double sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += a[i];
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 96, 8193})
    void siluMulAndAddAgree(int n) {
        float[] g1 = random(n, 10);
        float[] g2 = g1.clone();
        float[] up = random(n, 2);
        FAST.siluMul(g1, up, n);
        SCALAR.siluMul(g2, up, n);
        assertClose(g1, g2, 1e-6);
        float[] acc1 = random(n, 1);
        float[] acc2 = acc1.clone();
        FAST.add(acc1, up, n);
        SCALAR.add(acc2, up, n);
        assertThat(acc1).containsExactly(acc2);
    }
}

package ai.puyu.engine.cuda;

import static ai.puyu.engine.cuda.GpuAssumptions.relativeError;
import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.RotaryEmbedding;
import ai.puyu.engine.cpu.ScalarKernels;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.QuantizedWeights;
import ai.puyu.engine.tensor.ScalarMatrix;
import ai.puyu.engine.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every CUDA kernel against its CPU twin on fresh random inputs: f32 within 1e-5, bf16 and q8 within 1e-2. */
class CudaKernelConsistencyTests {

    private static CudaContext ctx;
    private static CudaKernels k;
    private final SplittableRandom rnd = new SplittableRandom();

    @BeforeAll
    static void open() {
        GpuAssumptions.assumeCuda();
        ctx = new CudaContext(0);
        k = new CudaKernels(ctx);
    }

    @AfterAll
    static void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    private float[] random(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return f;
    }

    private CUdeviceptr put(float[] f) {
        CUdeviceptr p = ctx.alloc(4L * f.length, "test data");
        ctx.upload(p, f, f.length);
        return p;
    }

    private float[] get(CUdeviceptr p, int n) {
        float[] f = new float[n];
        ctx.download(f, p, n);
        return f;
    }

    private static Tensor tensor(float[] f, int rows, int cols, DType dtype) {
        MemorySegment seg = Arena.ofAuto().allocate((long) f.length * dtype.bytes(), 64);
        for (int i = 0; i < f.length; i++) {
            switch (dtype) {
                case F32 -> seg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, f[i]);
                case BF16 -> seg.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (Float.floatToIntBits(f[i]) >>> 16));
                case F16 -> seg.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Float.floatToFloat16(f[i]));
            }
        }
        return new Tensor("w", dtype, new long[] {rows, cols}, seg);
    }

    private void checkMatmul(DType dtype, boolean q8, int n, int rows, int cols, double tolerance) {
        float[] w = random(rows * cols);
        float[] x = random(n * cols);
        Tensor t = tensor(w, rows, cols, dtype);
        float[] expected = new float[n * rows];
        DeviceMatrix m;
        if (q8) {
            QuantizedWeights q = QuantizedWeights.q8(t);
            for (int tok = 0; tok < n; tok++) {
                for (int r = 0; r < rows; r++) {
                    float s = 0f;
                    for (int c = 0; c < cols; c++) {
                        s += q.get(r, c) * x[tok * cols + c];
                    }
                    expected[tok * rows + r] = s;
                }
            }
            FlatQ8 flat = FlatQ8.of(q);
            CUdeviceptr data = ctx.alloc(flat.quants().byteSize(), "q");
            ctx.upload(data, flat.quants());
            CUdeviceptr scales = ctx.alloc(flat.scales().byteSize(), "s");
            ctx.upload(scales, flat.scales());
            m = new DeviceMatrix("q8", rows, cols, data, scales, q.blocks(), q.byteSize());
        } else {
            new ScalarMatrix(t).multiply(x, n, expected, rows, 0, rows);
            CUdeviceptr data = ctx.alloc(t.data().byteSize(), "w");
            ctx.upload(data, t.data());
            m = new DeviceMatrix(DeviceWeights.format(dtype), rows, cols, data, null, 0, t.data().byteSize());
        }
        CUdeviceptr out = ctx.alloc(4L * n * rows, "out");
        k.matmul(m, put(x), n, out, rows);
        assertThat(relativeError(get(out, n * rows), expected)).as(dtype + " q8=" + q8 + " n=" + n).isLessThan(tolerance);
    }

    @Test
    void matrixProductsMatchTheScalarTwin() {
        for (int n : new int[] {1, 3, 8, 37, 130}) {           // matrix-vector up to 8 tokens, tensor cores beyond
            checkMatmul(DType.F32, false, n, 96, 200, 1e-5);
            checkMatmul(DType.BF16, false, n, 160, 256, 1e-2);
            checkMatmul(DType.F16, false, n, 72, 136, 1e-2);
            checkMatmul(DType.F32, true, n, 64, 200, 1e-5);     // q8: the same dequantized weights, f32 math
        }
    }

    @Test
    void rmsNormSiluAddMatchTheScalarTwin() {
        int n = 5, h = 300;
        float[] x = random(n * h), w = random(h), expected = new float[n * h];
        for (int t = 0; t < n; t++) {
            ScalarKernels.INSTANCE.rmsNorm(expected, t * h, x, t * h, w, h, 1e-5f);
        }
        CUdeviceptr out = ctx.alloc(4L * n * h, "out");
        k.rmsNorm(out, put(x), put(w), n, h, 1e-5f);
        assertThat(relativeError(get(out, n * h), expected)).isLessThan(1e-5);

        float[] gate = random(1000), up = random(1000), g2 = gate.clone();
        ScalarKernels.INSTANCE.siluMul(g2, up, 1000);
        CUdeviceptr dg = put(gate);
        k.siluMul(dg, put(up), 1000);
        assertThat(relativeError(get(dg, 1000), g2)).isLessThan(1e-5);

        float[] acc = random(1000), add = random(1000), a2 = acc.clone();
        ScalarKernels.INSTANCE.add(a2, add, 1000);
        CUdeviceptr da = put(acc);
        k.add(da, put(add), 1000);
        assertThat(relativeError(get(da, 1000), a2)).isLessThan(1e-5);
    }

    @Test
    void ropeMatchesTheCpuIncludingDynamicNtkPastMaxPositions() {
        int d = 32, nKv = 2, g = 2, qkvRows = nKv * (g + 2) * d, mpe = 64;
        int[] positions = {0, 1, 17, 63, 64, 65, 200, 5000};
        int n = positions.length;
        float[] qkv = random(n * qkvRows), expected = qkv.clone();
        RotaryEmbedding rope = new RotaryEmbedding(d, 1_000_000, mpe, "dynamic", 2.0);
        float[] cos = new float[d / 2], sin = new float[d / 2];
        for (int r = 0; r < n; r++) {
            rope.angles(positions[r], cos, sin, 0);
            for (int kv = 0; kv < nKv; kv++) {
                for (int slot = 0; slot <= g; slot++) {
                    ScalarKernels.INSTANCE.rope(expected, r * qkvRows + (kv * (g + 2) + slot) * d, cos, sin, 0, d / 2);
                }
            }
        }
        CUdeviceptr dq = put(qkv);
        CUdeviceptr pos = ctx.alloc(4L * n, "positions");
        ctx.upload(pos, positions, n);
        k.rope(dq, pos, n, nKv, g, d, qkvRows, 1_000_000, mpe, 2.0, 1);
        assertThat(relativeError(get(dq, n * qkvRows), expected)).isLessThan(1e-5);
    }

    @Test
    void argmaxAndTopKMatchASortOnTheHost() {
        int rows = 3, v = 92544, kk = 40;
        float[] logits = random(rows * v);
        logits[v + 7] = 5f;
        logits[v + 9] = 5f;                                     // a tie: the smaller index wins
        CUdeviceptr dl = put(logits);
        CUdeviceptr idx = ctx.alloc(4L * rows * kk, "idx");
        CUdeviceptr val = ctx.alloc(4L * rows * kk, "val");
        k.argmax(idx, dl, rows, v);
        int[] arg = new int[rows];
        ctx.download(arg, idx, rows);
        k.topK(idx, val, dl, rows, v, kk);
        int[] top = new int[rows * kk];
        ctx.download(top, idx, rows * kk);
        for (int r = 0; r < rows; r++) {
            final int row = r;
            Integer[] order = new Integer[v];
            for (int i = 0; i < v; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> {
                int c = Float.compare(logits[row * v + b], logits[row * v + a]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            assertThat(arg[r]).isEqualTo(order[0]);
            for (int j = 0; j < kk; j++) {
                assertThat(top[r * kk + j]).isEqualTo(order[j]);
            }
        }
        assertThat(arg[1]).isEqualTo(7);
    }
}

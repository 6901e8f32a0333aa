package ai.puyu.engine.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.JCudaDriver;

/**
 * Typed launches of the kernels in src/main/cuda/puyu_kernels.cu (same names with the {@code puyu_} prefix);
 * each method documents the shapes it expects. Launches are asynchronous on the default stream; a launch
 * error is reported by cuLaunchKernel, an execution error by the next synchronizing call.
 */
public final class CudaKernels {

    /** Up to this many tokens a product runs as matrix-vector (weights streamed once per 4 tokens). */
    public static final int GEMV_MAX_TOKENS = 8;
    static final int DTYPE_F32 = 0;
    static final int DTYPE_F16 = 1;
    static final int DTYPE_BF16 = 2;

    private final CudaContext ctx;
    private final Map<String, CUfunction> functions = new HashMap<>();

    public CudaKernels(CudaContext ctx) {
        this.ctx = ctx;
    }

    /** Kernel dtype code of a storage format. */
    static int dtype(String format) {
        return switch (format) {
            case "f32" -> DTYPE_F32;
            case "f16" -> DTYPE_F16;
            case "bf16" -> DTYPE_BF16;
            default -> throw new IllegalArgumentException("no CUDA kernel for weight format " + format);
        };
    }

    /** out [n, h] = table [V, h] rows of tokens [n], as float32. */
    public void embed(CUdeviceptr out, CUdeviceptr table, String format, CUdeviceptr tokens, int n, int h) {
        launch("puyu_embed", n, 1, 256, 1, args(out, table, tokens).i(h).i(dtype(format)));
    }

    /** out [m, h] = x [rows[i], :]. */
    public void gatherRows(CUdeviceptr out, CUdeviceptr x, CUdeviceptr rows, int m, int h) {
        launch("puyu_gather_rows", m, 1, 256, 1, args(out, x, rows).i(h));
    }

    /** out [n, h] = RMSNorm of x [n, h] with weights w [h]. */
    public void rmsNorm(CUdeviceptr out, CUdeviceptr x, CUdeviceptr w, int n, int h, float eps) {
        launch("puyu_rmsnorm", n, 1, 256, 1, args(out, x, w).i(h).f(eps));
    }

    /** out [n, outStride] (columns 0..rows) = x [n, cols] times W^T, W [rows, cols]. */
    public void matmul(DeviceMatrix w, CUdeviceptr x, int n, CUdeviceptr out, int outStride) {
        int rows = w.rows();
        int cols = w.cols();
        int rowBlocks = (rows + 7) / 8;
        if (w.format().equals("q8")) {
            launch("puyu_gemv_q8", rowBlocks, 1, 256, 1,
                    args(out, w.data(), w.scales(), x).i(n).i(rows).i(cols).i(w.blocks()).i(outStride));
        } else if (n <= GEMV_MAX_TOKENS) {
            if (w.format().equals("f32")) {
                launch("puyu_gemv_f32", rowBlocks, 1, 256, 1, args(out, w.data(), x).i(n).i(rows).i(cols).i(outStride));
            } else {
                launch("puyu_gemv16", rowBlocks, 1, 256, 1,
                        args(out, w.data(), x).i(n).i(rows).i(cols).i(outStride).i(dtype(w.format())));
            }
        } else if (w.format().equals("f32")) {
            launch("puyu_gemm_f32", (rows + 31) / 32, (n + 31) / 32, 32, 8,
                    args(out, w.data(), x).i(n).i(rows).i(cols).i(outStride));
        } else {
            String name = w.format().equals("bf16") ? "puyu_gemm_bf16" : "puyu_gemm_f16";
            launch(name, (rows + 63) / 64, (n + 63) / 64, 128, 1, args(out, w.data(), x).i(n).i(rows).i(cols).i(outStride));
        }
    }

    /**
     * Rotate-half RoPE in place on the query and key heads of qkv [n, qkvRows] at positions [n].
     *
     * @param mode 0 plain, 1 dynamic NTK, 2 linear
     */
    public void rope(CUdeviceptr qkv, CUdeviceptr positions, int n, int numKvHeads, int groupSize, int headDim,
                     int qkvRows, double base, int maxPositions, double factor, int mode) {
        int threads = Math.max(32, (headDim / 2 + 31) / 32 * 32);
        launch("puyu_rope", n, numKvHeads * (groupSize + 1), threads, 1,
                args(qkv, positions).i(groupSize).i(headDim).i(qkvRows).d(base).i(maxPositions).d(factor).i(mode));
    }

    /** Writes keys and values of qkv [n, qkvRows] into a layer's cache at slots [n]. */
    public void kvStore(CUdeviceptr keys, CUdeviceptr values, CUdeviceptr qkv, CUdeviceptr slots, int n, int numKvHeads,
                        int groupSize, int headDim, int qkvRows) {
        int threads = Math.max(32, (headDim + 31) / 32 * 32);
        launch("puyu_kv_store", n, numKvHeads, threads, 1,
                args(keys, values, qkv, slots).i(groupSize).i(headDim).i(qkvRows).i(numKvHeads * headDim));
    }

    /** out [n, nH*D] = causal attention of each row over its sequence's cached positions 0..positions[row]. */
    public void attention(CUdeviceptr out, CUdeviceptr qkv, CUdeviceptr keys, CUdeviceptr values, CUdeviceptr blockTables,
                          CUdeviceptr tableStart, CUdeviceptr seqOfRow, CUdeviceptr positions, int n, int numHeads,
                          int numKvHeads, int headDim, int qkvRows, int blockSize) {
        if (headDim > 256) {
            throw new IllegalArgumentException("the CUDA attention kernel supports head_dim up to 256, not " + headDim);
        }
        float scale = (float) (1.0 / Math.sqrt(headDim));
        launch("puyu_attention", n, numHeads, 128, 1, args(out, qkv, keys, values, blockTables, tableStart, seqOfRow,
                positions).i(numHeads).i(numKvHeads).i(headDim).i(qkvRows).i(blockSize).f(scale));
    }

    /** gate [count] = silu(gate) * up. */
    public void siluMul(CUdeviceptr gate, CUdeviceptr up, long count) {
        launch("puyu_silu_mul", gridFor(count), 1, 256, 1, args(gate, up).l(count));
    }

    /** acc [count] += x. */
    public void add(CUdeviceptr acc, CUdeviceptr x, long count) {
        launch("puyu_add", gridFor(count), 1, 256, 1, args(acc, x).l(count));
    }

    /** out [rows] = index of the largest of each row of logits [rows, v] (first on ties). */
    public void argmax(CUdeviceptr out, CUdeviceptr logits, int rows, int v) {
        launch("puyu_argmax", rows, 1, 1024, 1, args(out, logits).i(v));
    }

    /** index [rows, k], value [rows, k] = the k largest logits of each row, largest first. */
    public void topK(CUdeviceptr index, CUdeviceptr value, CUdeviceptr logits, int rows, int v, int k) {
        launch("puyu_topk", rows, 1, 1024, 1, args(index, value, logits).i(v).i(k));
    }

    private static int gridFor(long count) {
        return (int) Math.max(1, Math.min((count + 255) / 256, 65_535));
    }

    private CUfunction function(String name) {
        return functions.computeIfAbsent(name, n -> {
            CUfunction f = new CUfunction();
            CudaException.check(JCudaDriver.cuModuleGetFunction(f, ctx.module(), n), "cuModuleGetFunction", "looking up " + n);
            return f;
        });
    }

    private void launch(String name, int gx, int gy, int bx, int by, Args a) {
        Pointer params = Pointer.to(a.list.toArray(new NativePointerObject[0]));
        CudaException.check(JCudaDriver.cuLaunchKernel(function(name), gx, gy, 1, bx, by, 1, 0, null, params, null),
                "cuLaunchKernel", "launching " + name);
    }

    private static Args args(CUdeviceptr... pointers) {
        Args a = new Args();
        for (CUdeviceptr p : pointers) {
            a.list.add(Pointer.to(p));
        }
        return a;
    }

    /** Kernel parameters in order. */
    private static final class Args {
        final List<NativePointerObject> list = new ArrayList<>();

        Args i(int v) {
            list.add(Pointer.to(new int[] {v}));
            return this;
        }

        Args l(long v) {
            list.add(Pointer.to(new long[] {v}));
            return this;
        }

        Args f(float v) {
            list.add(Pointer.to(new float[] {v}));
            return this;
        }

        Args d(double v) {
            list.add(Pointer.to(new double[] {v}));
            return this;
        }
    }
}

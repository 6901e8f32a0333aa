package ai.puyu.bench;

import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.WeightMatrices;
import ai.puyu.engine.tensor.WeightMatrix;
import java.lang.management.ManagementFactory;

/**
 * Single-thread per-kernel timing on one [rows, cols] matrix held in cache-sized or larger memory, with
 * the bytes the kernel allocates per call (non-zero means C2 did not turn the vector code into
 * registers). Run: {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * ai.puyu.bench.KernelProbe FORMAT ROWS COLS N ITERS}
 */
public final class KernelProbe {

    public static void main(String[] args) {
        String format = args[0];
        int rows = Integer.parseInt(args[1]);
        int cols = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        int iters = Integer.parseInt(args[4]);
        DType dtype = format.equals("f32") ? DType.F32 : format.equals("f16") ? DType.F16 : DType.BF16;
        WeightMatrix w = WeightMatrices.quantize(KernelBench.randomTensor(dtype, rows, cols), format.startsWith("q") ? format : "none");
        float[] x = new float[n * cols];
        java.util.Arrays.fill(x, 0.5f);
        float[] out = new float[n * rows];
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long s = System.nanoTime();
            long cpu0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < iters; i++) {
                w.multiply(x, n, out, rows, 0, rows);
            }
            double sec = (System.nanoTime() - s) / 1e9 / iters;
            double cpuSec = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9 / iters;
            long alloc = (mx.getCurrentThreadAllocatedBytes() - a0) / iters;
            System.out.printf("%s [%d x %d] n=%d: %.3f ms/call, %.1f GB/s, %.1f GFLOP/s (per CPU second: %.1f GB/s, %.1f GFLOP/s), %d bytes allocated/call%n",
                    format, rows, cols, n, sec * 1e3, w.byteSize() / sec / 1e9, 2.0 * rows * cols * n / sec / 1e9,
                    w.byteSize() / cpuSec / 1e9, 2.0 * rows * cols * n / cpuSec / 1e9, alloc);
        }
    }
}

package ai.puyu.bench;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.MemoryBandwidth;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.Tensor;
import ai.puyu.engine.tensor.WeightMatrices;
import ai.puyu.engine.tensor.WeightMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Kernel speed on InternLM2-1.8B-shaped random matrices (24 layers of wqkv [4096,2048], wo [2048,2048],
 * w1/w3 [8192,2048], w2 [2048,8192], plus output [92544,2048]).
 *
 * <p>Decode: a model-equivalent token = 24 layers (alternating between two distinct copies of the layer
 * weights, so nothing stays in the 32 MB L3) of n=1 products, plus the output projection; reports GB/s
 * of weights streamed and the fraction of the probe bandwidth. Prefill: n=128 products over one layer
 * (times 24) plus the output projection for the last token; reports GFLOP/s and tokens/s.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * ai.puyu.bench.KernelBench [--threads 2] [--formats bf16,q8,q4] [--runs 5] [--prefill-runs 3]}
 */
public final class KernelBench {

    static final int H = 2048, I = 8192, QKV = 4096, V = 92544, LAYERS = 24, PROMPT = 128;

    public static void main(String[] args) {
        int threads = 2;
        int runs = 5;
        int prefillRuns = 3;
        List<String> formats = List.of("bf16", "q8", "q4");
        boolean probe = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--formats" -> formats = List.of(args[++i].split(","));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--prefill-runs" -> prefillRuns = Integer.parseInt(args[++i]);
                case "--no-probe" -> probe = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        double bw = probe ? MemoryBandwidth.measureReadGBps(threads) : Double.NaN;
        System.out.printf("memory read bandwidth (%d threads): %.1f GB/s%n", threads, bw);
        try (Matmul mm = new Matmul(threads)) {
            for (String format : formats) {
                // measured again next to each format: other work on a shared machine moves it a lot
                double near = probe ? MemoryBandwidth.measureReadGBps(threads, 1L << 29, 3) : Double.NaN;
                bench(format, mm, near, runs, prefillRuns);
            }
        }
    }

    private static void bench(String format, Matmul mm, double bw, int runs, int prefillRuns) {
        long t0 = System.nanoTime();
        List<WeightMatrix[]> layers = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) {
            layers.add(new WeightMatrix[] {make(format, QKV, H), make(format, H, H), make(format, I, H), make(format, I, H), make(format, H, I)});
        }
        WeightMatrix output = make(format, V, H);
        System.out.printf("%n[%s] built in %.1f s%n", format, (System.nanoTime() - t0) / 1e9);
        long layerBytes = Arrays.stream(layers.get(0)).mapToLong(WeightMatrix::byteSize).sum();
        long tokenBytes = LAYERS * layerBytes + output.byteSize();
        float[] x = random(PROMPT * I);
        float[] out = new float[Math.max(V, PROMPT * I)];

        // decode
        decodeToken(layers, output, mm, x, out);
        double[] gbps = new double[runs];
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long alloc0 = mx.getTotalThreadAllocatedBytes();
        for (int r = 0; r < runs; r++) {
            long s = System.nanoTime();
            decodeToken(layers, output, mm, x, out);
            gbps[r] = (double) tokenBytes / (System.nanoTime() - s);
        }
        double best = Arrays.stream(gbps).max().orElseThrow();
        double worst = Arrays.stream(gbps).min().orElseThrow();
        System.out.printf("[%s] decode n=1: %.2f GB/token, best %.1f GB/s (worst %.1f)  = %.0f%% of probe bandwidth measured just before"
                        + " -> %.1f tokens/s (limit %.1f)%n",
                format, tokenBytes / 1e9, best, worst, 100 * best / bw, best * 1e9 / tokenBytes, bw * 1e9 / tokenBytes);
        long alloc = (mx.getTotalThreadAllocatedBytes() - alloc0) / runs;
        System.out.printf("[%s] probe bandwidth %.1f GB/s, load average %s, %d bytes allocated per token%n", format, bw, loadAverage(), alloc);

        // prefill
        if (prefillRuns > 0) {
            WeightMatrix[] l = layers.get(0);
            long layerMacs = Arrays.stream(l).mapToLong(w -> (long) w.rows() * w.cols()).sum();
            double bestLayer = Double.MAX_VALUE;
            double worstLayer = 0;
            for (int r = 0; r < prefillRuns + 1; r++) {
                long s = System.nanoTime();
                for (WeightMatrix w : l) {
                    mm.multiply(w, x, PROMPT, out);
                }
                double sec = (System.nanoTime() - s) / 1e9;
                if (r > 0) {
                    bestLayer = Math.min(bestLayer, sec);
                    worstLayer = Math.max(worstLayer, sec);
                }
            }
            long s = System.nanoTime();
            mm.multiply(output, x, 1, out);
            double outSec = (System.nanoTime() - s) / 1e9;
            double gflops = 2.0 * layerMacs * PROMPT / bestLayer / 1e9;
            double modelSec = LAYERS * bestLayer + outSec;
            System.out.printf("[%s] prefill n=%d: best %.1f GFLOP/s (worst %.1f) -> %.1f tokens/s for the model"
                            + " (24 layers + output for the last token)%n",
                    format, PROMPT, gflops, 2.0 * layerMacs * PROMPT / worstLayer / 1e9, PROMPT / modelSec);
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void decodeToken(List<WeightMatrix[]> layers, WeightMatrix output, Matmul mm, float[] x, float[] out) {
        for (int layer = 0; layer < LAYERS; layer++) {
            for (WeightMatrix w : layers.get(layer % 2)) {
                mm.multiply(w, x, 1, out);
            }
        }
        mm.multiply(output, x, 1, out);
    }

    private static WeightMatrix make(String format, int rows, int cols) {
        DType dtype = switch (format) {
            case "f32" -> DType.F32;
            case "f16" -> DType.F16;
            default -> DType.BF16;
        };
        Tensor t = randomTensor(dtype, rows, cols);
        return WeightMatrices.quantize(t, format.startsWith("q") ? format : "none");
    }

    /** Values of magnitude 2^-7 .. 2^0 with random signs and mantissas, filled in parallel. */
    static Tensor randomTensor(DType dtype, int rows, int cols) {
        long count = (long) rows * cols;
        MemorySegment seg = Arena.ofAuto().allocate(count * dtype.bytes(), 4096);
        IntStream.range(0, rows).parallel().forEach(r -> {
            SplittableRandom rnd = new SplittableRandom(r * 7919L + cols);
            for (long i = (long) r * cols; i < (long) (r + 1) * cols; i++) {
                float v = Float.intBitsToFloat((rnd.nextInt() & 0x807FFFFF) | ((120 + rnd.nextInt(7)) << 23));
                switch (dtype) {
                    case F32 -> seg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, v);
                    case BF16 -> seg.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (Float.floatToRawIntBits(v) >>> 16));
                    case F16 -> seg.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Float.floatToFloat16(v));
                }
            }
        });
        return new Tensor("bench." + rows + "x" + cols, dtype, new long[] {rows, cols}, seg);
    }

    private static float[] random(int n) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}

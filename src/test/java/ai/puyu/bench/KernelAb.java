package ai.puyu.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A/B of one kernel shape between two builds in one JVM, for hosts too noisy for separate runs: each build's
 * target/classes and target/test-classes in a class loader of its own (so C2 compiles each separately), the
 * builds called in turn, and the ratio of their times taken per round, at the same moment of the host's
 * contention. Run: {@code java --add-modules jdk.incubator.vector -cp target/test-classes ai.puyu.bench.KernelAb
 * DIR_A,DIR_B FORMAT ROWS COLS N ROUNDS CALLS_PER_ROUND [THREADS]} (DIR: a checkout with compiled classes, e.g. a git
 * worktree of the base commit; THREADS, default 1: each call split into that many row ranges of whole 32-row
 * blocks, run at once on a pool, as the engine's Matmul splits a product).
 */
public final class KernelAb {
    public static void main(String[] a) throws Exception {
        try {
            run(a);
        } finally {
            System.exit(0); // the pool's threads
        }
    }

    private static void run(String[] a) throws Exception {
        String[] dirs = a[0].split(",");
        String format = a[1];
        int rows = Integer.parseInt(a[2]), cols = Integer.parseInt(a[3]), n = Integer.parseInt(a[4]), rounds = Integer.parseInt(a[5]);
        int reps = Integer.parseInt(a[6]);
        int threads = a.length > 7 ? Integer.parseInt(a[7]) : 1;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        Object[] mats = new Object[dirs.length];
        Method[] mul = new Method[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            var urls = new java.util.ArrayList<URL>();
            urls.add(Path.of(dirs[i], "target/classes").toUri().toURL());
            urls.add(Path.of(dirs[i], "target/test-classes").toUri().toURL());
            ClassLoader cl = new URLClassLoader(urls.toArray(URL[]::new), KernelAb.class.getClassLoader().getParent());
            Class<?> dt = cl.loadClass("ai.puyu.engine.tensor.DType");
            Class<?> kb = cl.loadClass("ai.puyu.bench.KernelBench");
            Method rt = kb.getDeclaredMethod("randomTensor", dt, int.class, int.class);
            rt.setAccessible(true);
            Object dtype = dt.getField(format.equals("f32") ? "F32" : format.equals("f16") ? "F16" : "BF16").get(null);
            Object t = rt.invoke(null, dtype, rows, cols);
            Class<?> wm = cl.loadClass("ai.puyu.engine.tensor.WeightMatrices");
            Method q = Arrays.stream(wm.getMethods()).filter(m -> m.getName().equals("quantize")).findFirst().orElseThrow();
            mats[i] = q.invoke(null, t, format.startsWith("q") ? format : "none");
            Class<?> w = cl.loadClass("ai.puyu.engine.tensor.WeightMatrix");
            mul[i] = w.getMethod("multiply", float[].class, int.class, float[].class, int.class, int.class, int.class);
        }
        float[] x = new float[n * cols];
        Arrays.fill(x, 0.5f);
        float[] out = new float[n * rows];
        double[][] t = new double[dirs.length][rounds];
        for (int r = -3; r < rounds; r++) {
            for (int i = 0; i < dirs.length; i++) {
                long s = System.nanoTime();
                for (int k = 0; k < reps; k++) {
                    if (threads == 1) {
                        mul[i].invoke(mats[i], x, n, out, rows, 0, rows);
                        continue;
                    }
                    var parts = new java.util.ArrayList<java.util.concurrent.Future<Object>>();
                    for (int p = 0; p < threads; p++) {
                        int r0 = Math.min(rows, (int) ((long) rows * p / threads / 32 * 32));
                        int r1 = p == threads - 1 ? rows : Math.min(rows, (int) ((long) rows * (p + 1) / threads / 32 * 32));
                        Method m = mul[i];
                        Object mat = mats[i];
                        parts.add(pool.submit(() -> m.invoke(mat, x, n, out, rows, r0, r1)));
                    }
                    for (var f : parts) {
                        f.get();
                    }
                }
                if (r >= 0) t[i][r] = (System.nanoTime() - s) / 1e6 / reps;
            }
        }
        for (int i = 0; i < dirs.length; i++) {
            double[] v = t[i].clone();
            Arrays.sort(v);
            double flop = 2.0 * rows * cols * n;
            System.out.printf("%-12s %s [%d x %d] n=%d: min %.4f ms (%.1f GFLOP/s), median %.4f ms (%.1f GFLOP/s)%n", dirs[i], format, rows, cols, n,
                    v[0], flop / v[0] / 1e6, v[v.length / 2], flop / v[v.length / 2] / 1e6);
        }
        // ratio per round (same moment for both), median of ratios
        if (dirs.length == 2) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) ratio[r] = t[0][r] / t[1][r];
            Arrays.sort(ratio);
            System.out.printf("time %s / time %s per round: median %.3f, quartiles %.3f .. %.3f%n", dirs[0], dirs[1], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        }
    }
}

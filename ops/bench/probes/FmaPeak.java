// Throwaway probe of session 7 (not built by Maven): the core's FMA peak through the Vector API, to put a kernel's
// GFLOP/s in proportion. Twelve independent accumulators of 512-bit FMAs, no memory traffic, one loop per thread.
//   javac --add-modules jdk.incubator.vector -d /tmp/peak FmaPeak.java
//   java --add-modules jdk.incubator.vector -cp /tmp/peak FmaPeak THREADS
// The first two lines of output are the interpreter and C1; the rest is C2's loop. EPYC host, session 7: 239-248
// GFLOP/s on one thread, 449-487 on two (two 512-bit FMAs per cycle per core).
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public class FmaPeak {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;

    static float run(long iters, float m0) {
        FloatVector a0 = FloatVector.broadcast(F, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        FloatVector m = FloatVector.broadcast(F, m0), b = FloatVector.broadcast(F, 1e-7f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(m, b); a1 = a1.fma(m, b); a2 = a2.fma(m, b); a3 = a3.fma(m, b);
            a4 = a4.fma(m, b); a5 = a5.fma(m, b); a6 = a6.fma(m, b); a7 = a7.fma(m, b);
            a8 = a8.fma(m, b); a9 = a9.fma(m, b); a10 = a10.fma(m, b); a11 = a11.fma(m, b);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long iters = 50_000_000;
        for (int r = 0; r < 6; r++) {
            Thread[] ts = new Thread[threads];
            long s = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    if (run(iters, 0.9999f) == 42f) {
                        System.out.println("(never)");
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double sec = (System.nanoTime() - s) / 1e9;
            System.out.printf("threads %d: %.1f GFLOP/s%n", threads, threads * iters * 12 * F.length() * 2 / sec / 1e9);
        }
    }
}

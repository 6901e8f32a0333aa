package ai.puyu.engine.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's streaming read bandwidth as Java code sees it: every thread sums the longs of its
 * slice of an off-heap buffer far larger than the caches (1 GiB by default), the median of a few runs
 * (on a shared machine the best run is an outlier as often as the worst).
 * It is the limit against which decode speed is judged (bandwidth / bytes of weights per token).
 */
public final class MemoryBandwidth {

    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    private static final long DEFAULT_BYTES = 1L << 30;
    private static volatile long sink;

    private MemoryBandwidth() {
    }

    /** Read bandwidth in GB/s (10^9 bytes) with {@code threads} threads over a 1 GiB buffer, median of 5 runs. */
    public static double measureReadGBps(int threads) {
        return measureReadGBps(threads, DEFAULT_BYTES, 5);
    }

    /** Read bandwidth in GB/s with {@code threads} threads over {@code bytes} bytes, median of {@code runs}. */
    public static double measureReadGBps(int threads, long bytes, int runs) {
        long chunk = S.vectorByteSize() * 4L;
        long size = Math.max(chunk * threads, bytes / (chunk * threads) * chunk * threads);
        long perThread = size / threads;
        try (Arena arena = Arena.ofShared(); Parallel pool = new Parallel(threads)) {
            MemorySegment buf = arena.allocate(size, 4096);
            pool.forEach(threads, t -> buf.asSlice(t * perThread, perThread).fill((byte) (t + 1)));
            warmUp(buf);
            double[] rates = new double[runs];
            long[] sums = new long[threads];
            for (int run = 0; run < runs + 1; run++) {
                long start = System.nanoTime();
                pool.forEach(threads, t -> sums[t] = sum(buf, t * perThread, perThread));
                long nanos = System.nanoTime() - start;
                if (run > 0) {
                    rates[run - 1] = (double) size / nanos;
                }
                for (long s : sums) {
                    sink += s;
                }
            }
            return median(rates);
        }
    }

    /**
     * Calls {@link #sum} often enough on a cached slice that C2 compiles it as a method before the runs are
     * timed: otherwise every run starts in the interpreter and only its loop gets an on-stack-replaced
     * version, and the probe reads well below what the hardware streams (seen: 16-19 GB/s cold against 22-24
     * warm on a machine whose C streaming loop reads 25-28).
     */
    private static void warmUp(MemorySegment buf) {
        long slice = Math.min(buf.byteSize(), 1L << 14) / (S.vectorByteSize() * 4L) * (S.vectorByteSize() * 4L);
        long s = 0;
        for (int i = 0; i < 20_000; i++) {
            s += sum(buf, 0, slice);
        }
        sink += s;
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static long sum(MemorySegment buf, long offset, long length) {
        LongVector a = LongVector.zero(S), b = a, c = a, d = a;
        long step = S.vectorByteSize();
        long end = offset + length;
        for (long o = offset; o < end; o += 4 * step) {
            a = a.add(LongVector.fromMemorySegment(S, buf, o, ByteOrder.LITTLE_ENDIAN));
            b = b.add(LongVector.fromMemorySegment(S, buf, o + step, ByteOrder.LITTLE_ENDIAN));
            c = c.add(LongVector.fromMemorySegment(S, buf, o + 2 * step, ByteOrder.LITTLE_ENDIAN));
            d = d.add(LongVector.fromMemorySegment(S, buf, o + 3 * step, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }
}

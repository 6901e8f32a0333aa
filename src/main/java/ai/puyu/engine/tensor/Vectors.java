package ai.puyu.engine.tensor;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector species shared by the kernels (static final so that C2 compiles them to plain SIMD code),
 * and the per-thread scratch buffers that hold activations rearranged for a kernel.
 */
final class Vectors {

    /** Floats per vector: 16 with AVX-512, 8 with AVX2. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Ints in a vector as wide as {@link #F}. */
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** Bytes that widen to one {@link #F} vector: L bytes. */
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    static final int L = F.length();
    /** Elements of one quantization block, and the granularity to which activations are padded. */
    static final int BLOCK = 32;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private Vectors() {
    }

    /** A per-thread buffer of at least {@code size} floats (contents undefined). */
    static float[] scratch(int size) {
        float[] s = SCRATCH.get();
        if (s.length < size) {
            s = new float[size];
            SCRATCH.set(s);
        }
        return s;
    }

    private static final ThreadLocal<float[]> ROWS = ThreadLocal.withInitial(() -> new float[0]);

    /** A second per-thread buffer of at least {@code size} floats, for weight rows converted to f32 by prefill. */
    static float[] rowScratch(int size) {
        float[] s = ROWS.get();
        if (s.length < size) {
            s = new float[size];
            ROWS.set(s);
        }
        return s;
    }

    /** Rounds up to a whole number of blocks. */
    static int padded(int cols) {
        return (cols + BLOCK - 1) / BLOCK * BLOCK;
    }

    /**
     * Copies x [n, cols] into a per-thread buffer [n, padded(cols)], zero-padded. With {@code evenOdd},
     * each full group of 2L columns is stored as its L even elements then its L odd ones, matching the
     * lane order in which the 16-bit kernels unpack two weights from one 32-bit lane; the tail stays
     * in natural order.
     */
    static float[] prepare(float[] x, int n, int cols, boolean evenOdd) {
        int stride = padded(cols);
        float[] p = scratch(n * stride);
        int vec = cols - cols % (2 * L);
        for (int t = 0; t < n; t++) {
            int src = t * cols;
            int dst = t * stride;
            if (evenOdd) {
                for (int c = 0; c < vec; c += 2 * L) {
                    for (int j = 0; j < L; j++) {
                        p[dst + c + j] = x[src + c + 2 * j];
                        p[dst + c + L + j] = x[src + c + 2 * j + 1];
                    }
                }
                System.arraycopy(x, src + vec, p, dst + vec, cols - vec);
            } else {
                System.arraycopy(x, src, p, dst, cols);
            }
            java.util.Arrays.fill(p, dst + cols, dst + stride, 0f);
        }
        return p;
    }

    /** bf16 pairs in 32-bit lanes: the element in the low half, as float32. */
    static FloatVector bf16Low(IntVector w) {
        return w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** bf16 pairs in 32-bit lanes: the element in the high half, as float32. */
    static FloatVector bf16High(IntVector w) {
        return w.and(0xFFFF0000).reinterpretAsFloats();
    }

    /**
     * IEEE half-precision bits held in bits 16..31 of each lane (low bits ignored) to float32:
     * exponent and mantissa shifted into place and rescaled by 2^112 (which also handles subnormals
     * exactly), infinities and NaNs given the all-ones exponent, sign copied.
     */
    static FloatVector f16High(IntVector w) {
        IntVector sign = w.and(0x80000000);
        FloatVector mag = w.and(0x7FFF0000).lanewise(VectorOperators.LSHR, 3).reinterpretAsFloats().mul(0x1p112f);
        IntVector bits = mag.reinterpretAsInts();
        bits = bits.lanewise(VectorOperators.OR, 0x7F800000, mag.compare(VectorOperators.GE, 65536f).cast(I));
        return bits.or(sign).reinterpretAsFloats();
    }

    /** IEEE half-precision bits held in bits 0..15 of each lane to float32. */
    static FloatVector f16Low(IntVector w) {
        return f16High(w.lanewise(VectorOperators.LSHL, 16));
    }

    /**
     * The sum of tmp[off .. off + L) in order. Kernels store an accumulator there with intoArray and
     * call this (unlike {@code reduceLanes(ADD)}, whose order differs between compiled and interpreted
     * code, it gives the same float every time).
     */
    static float sumLanes(float[] tmp, int off) {
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += tmp[off + i];
        }
        return s;
    }

    /**
     * dst[d + j] = {@link #sumLanes(float[], int) sumLanes}(buf, off + j L) for j &lt; count: the same order per
     * sum, but four sums advance together, so the adds of one do not wait on each other's latency (one sum at a
     * time is a chain of L dependent adds; a 4x4 tile has 16 of them).
     */
    static void sumLanes(float[] buf, int off, int count, float[] dst, int d) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int o = off + j * L;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int i = 0; i < L; i++) {
                s0 += buf[o + i];
                s1 += buf[o + L + i];
                s2 += buf[o + 2 * L + i];
                s3 += buf[o + 3 * L + i];
            }
            dst[d + j] = s0;
            dst[d + j + 1] = s1;
            dst[d + j + 2] = s2;
            dst[d + j + 3] = s3;
        }
        for (; j < count; j++) {
            dst[d + j] = sumLanes(buf, off + j * L);
        }
    }

    /**
     * Finite IEEE half-precision bits held in bits 16..31 of each lane to float32 (the block scales,
     * which are finite): the {@link #f16High} conversion without its infinity and NaN handling.
     */
    static FloatVector scaleHigh(IntVector w) {
        FloatVector mag = w.and(0x7FFF0000).lanewise(VectorOperators.LSHR, 3).reinterpretAsFloats().mul(0x1p112f);
        return mag.reinterpretAsInts().or(w.and(0x80000000)).reinterpretAsFloats();
    }

    /** Finite half-precision bits held in bits 0..15 of each lane to float32. */
    static FloatVector scaleLow(IntVector w) {
        return scaleHigh(w.lanewise(VectorOperators.LSHL, 16));
    }

    /** L signed bytes widened to floats. */
    static FloatVector bytesToFloats(ByteVector b) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
    }
}

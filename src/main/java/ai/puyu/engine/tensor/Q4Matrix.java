package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.BLOCK;
import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * q4 weights (see {@link QuantizedWeights}): one int vector load brings 8 nibbles per lane, lane i
 * from block i; nibble k becomes a signed int by a left shift that puts it on top and an arithmetic
 * right shift by 28 (native 32-bit lane shifts), then a float. As lane i is block i, the L scales of a
 * superblock form one vector: every path scales the weights first (prefill reuses them for four
 * tokens), so that all paths sum in one order.
 */
public final class Q4Matrix extends QuantizedMatrix {

    public Q4Matrix(QuantizedWeights q) {
        super(q, "q4");
    }

    private IntVector load(long offset) {
        return IntVector.fromMemorySegment(I, data, offset, LE);
    }

    /** Float bits of the 4-bit two's complement values: entry n holds n for n < 8, n - 16 above. */
    private static final int[] NIBBLE_FLOATS = new int[I.length()];

    static {
        for (int n = 0; n < NIBBLE_FLOATS.length; n++) {
            NIBBLE_FLOATS[n] = Float.floatToRawIntBits(n < 8 ? n : n - 16);
        }
    }

    /** The table of {@link #NIBBLE_FLOATS} as a vector (loaded once per kernel call). */
    private static IntVector table() {
        return IntVector.fromArray(I, NIBBLE_FLOATS, 0);
    }

    /**
     * Nibble k of every lane as a signed value in [-8, 7], as floats: with 16 lanes, shifted to the bottom and
     * looked up in the table by a lane permutation (selectFrom wraps the index, so the bits above the nibble are
     * ignored: two operations); with 8 lanes (AVX2), sign-extended by two shifts and converted.
     */
    private static FloatVector nibble(IntVector v, int k, IntVector table) {
        if (L == 16) {
            return (k == 0 ? v : v.lanewise(VectorOperators.LSHR, 4 * k)).selectFrom(table).reinterpretAsFloats();
        }
        return (FloatVector) v.lanewise(VectorOperators.LSHL, 28 - 4 * k).lanewise(VectorOperators.ASHR, 28)
                .convert(VectorOperators.I2F, 0);
    }

    @Override
    void toF32(long base, float[] w, int wo, int len) {
        IntVector table = table();
        long sb = base;
        for (int s = 0; s < superblocks; s++, sb += pairBytes) {
            IntVector sc = load(sb + 2L * rowBytes);
            FloatVector d0 = Vectors.scaleLow(sc), d1 = Vectors.scaleHigh(sc);
            for (int m = 0; m < BLOCK / 8; m++) {
                IntVector v0 = load(sb + 4L * m * L);
                IntVector v1 = load(sb + rowBytes + 4L * m * L);
                int c = wo + (s * BLOCK + 8 * m) * L;
                for (int k = 0; k < 8; k++) {
                    nibble(v0, k, table).mul(d0).intoArray(w, c + k * L);
                    nibble(v1, k, table).mul(d1).intoArray(w, c + len + k * L);
                }
            }
        }
    }

    @Override
    void pair1(float[] p, int xo, long base, float[] r) {
        IntVector table = table();
        // weights scaled first, one accumulator per row over the columns in prepared order: the
        // summation order of pair4 and of the blocked prefill tile, so results do not depend on n
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        long sb = base;
        for (int s = 0; s < superblocks; s++, sb += pairBytes) {
            IntVector sc = load(sb + 2L * rowBytes);
            FloatVector d0 = Vectors.scaleLow(sc), d1 = Vectors.scaleHigh(sc);
            for (int m = 0; m < BLOCK / 8; m++) {
                IntVector v0 = load(sb + 4L * m * L);
                IntVector v1 = load(sb + rowBytes + 4L * m * L);
                int xm = xo + (s * BLOCK + 8 * m) * L;
                for (int k = 0; k < 8; k++) {
                    FloatVector x = FloatVector.fromArray(F, p, xm + k * L);
                    a0 = nibble(v0, k, table).mul(d0).fma(x, a0);
                    a1 = nibble(v1, k, table).mul(d1).fma(x, a1);
                }
            }
        }
        // summed in lane order through memory: passing a vector to a method C2 does not inline boxes it
        a0.intoArray(r, 8);
        a1.intoArray(r, 8 + L);
        Vectors.sumLanes(r, 8, 2, r, 0);
    }

    @Override
    void quad1(float[] p, int xo, long base, long pairStride, float[] r) {
        // four row pairs in one loop: eight memory streams in flight instead of two (see pair1 for the order). Written
        // out, the nibble lookup too, as in Q8Matrix.quad1: in a method this size C2 does not inline helpers, and
        // vectors passed to a method that is not inlined are boxed. 16 lanes only (the table lookup); else pair1s.
        if (L != 16) {
            super.quad1(p, xo, base, pairStride, r);
            return;
        }
        IntVector table = table();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        long sb = base;
        for (int s = 0; s < superblocks; s++, sb += pairBytes) {
            scales(sb + 2L * rowBytes, pairStride, r);
            FloatVector d0 = FloatVector.fromArray(F, r, 8), d1 = FloatVector.fromArray(F, r, 8 + L);
            FloatVector d2 = FloatVector.fromArray(F, r, 8 + 2 * L), d3 = FloatVector.fromArray(F, r, 8 + 3 * L);
            FloatVector d4 = FloatVector.fromArray(F, r, 8 + 4 * L), d5 = FloatVector.fromArray(F, r, 8 + 5 * L);
            FloatVector d6 = FloatVector.fromArray(F, r, 8 + 6 * L), d7 = FloatVector.fromArray(F, r, 8 + 7 * L);
            for (int m = 0; m < BLOCK / 8; m++) {
                long o = sb + 4L * m * L;
                IntVector v0 = IntVector.fromMemorySegment(I, data, o, LE);
                IntVector v1 = IntVector.fromMemorySegment(I, data, o + rowBytes, LE);
                IntVector v2 = IntVector.fromMemorySegment(I, data, o + pairStride, LE);
                IntVector v3 = IntVector.fromMemorySegment(I, data, o + pairStride + rowBytes, LE);
                IntVector v4 = IntVector.fromMemorySegment(I, data, o + 2 * pairStride, LE);
                IntVector v5 = IntVector.fromMemorySegment(I, data, o + 2 * pairStride + rowBytes, LE);
                IntVector v6 = IntVector.fromMemorySegment(I, data, o + 3 * pairStride, LE);
                IntVector v7 = IntVector.fromMemorySegment(I, data, o + 3 * pairStride + rowBytes, LE);
                int xm = xo + (s * BLOCK + 8 * m) * L;
                for (int k = 0; k < 8; k++) {
                    FloatVector x = FloatVector.fromArray(F, p, xm + k * L);
                    int shift = 4 * k;
                    a0 = v0.lanewise(VectorOperators.LSHR, shift).selectFrom(table).reinterpretAsFloats().mul(d0).fma(x, a0);
                    a1 = v1.lanewise(VectorOperators.LSHR, shift).selectFrom(table).reinterpretAsFloats().mul(d1).fma(x, a1);
                    a2 = v2.lanewise(VectorOperators.LSHR, shift).selectFrom(table).reinterpretAsFloats().mul(d2).fma(x, a2);
                    a3 = v3.lanewise(VectorOperators.LSHR, shift).selectFrom(table).reinterpretAsFloats().mul(d3).fma(x, a3);
                    a4 = v4.lanewise(VectorOperators.LSHR, shift).selectFrom(table).reinterpretAsFloats().mul(d4).fma(x, a4);
                    a5 = v5.lanewise(VectorOperators.LSHR, shift).selectFrom(table).reinterpretAsFloats().mul(d5).fma(x, a5);
                    a6 = v6.lanewise(VectorOperators.LSHR, shift).selectFrom(table).reinterpretAsFloats().mul(d6).fma(x, a6);
                    a7 = v7.lanewise(VectorOperators.LSHR, shift).selectFrom(table).reinterpretAsFloats().mul(d7).fma(x, a7);
                }
            }
        }
        a0.intoArray(r, 8);
        a1.intoArray(r, 8 + L);
        a2.intoArray(r, 8 + 2 * L);
        a3.intoArray(r, 8 + 3 * L);
        a4.intoArray(r, 8 + 4 * L);
        a5.intoArray(r, 8 + 5 * L);
        a6.intoArray(r, 8 + 6 * L);
        a7.intoArray(r, 8 + 7 * L);
        Vectors.sumLanes(r, 8, 8, r, 0);
    }

    @Override
    void pair4(float[] p, int xo0, int xo1, int xo2, int xo3, long base, float[] r) {
        IntVector table = table();
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        long sb = base;
        for (int s = 0; s < superblocks; s++, sb += pairBytes) {
            IntVector sc = load(sb + 2L * rowBytes);
            FloatVector d0 = Vectors.scaleLow(sc), d1 = Vectors.scaleHigh(sc);
            for (int m = 0; m < BLOCK / 8; m++) {
                IntVector v0 = load(sb + 4L * m * L);
                IntVector v1 = load(sb + rowBytes + 4L * m * L);
                int xm = (s * BLOCK + 8 * m) * L;
                for (int k = 0; k < 8; k++) {
                    int c = xm + k * L;
                    FloatVector w0 = nibble(v0, k, table).mul(d0);
                    FloatVector w1 = nibble(v1, k, table).mul(d1);
                    FloatVector x = FloatVector.fromArray(F, p, xo0 + c);
                    a00 = w0.fma(x, a00);
                    a10 = w1.fma(x, a10);
                    x = FloatVector.fromArray(F, p, xo1 + c);
                    a01 = w0.fma(x, a01);
                    a11 = w1.fma(x, a11);
                    x = FloatVector.fromArray(F, p, xo2 + c);
                    a02 = w0.fma(x, a02);
                    a12 = w1.fma(x, a12);
                    x = FloatVector.fromArray(F, p, xo3 + c);
                    a03 = w0.fma(x, a03);
                    a13 = w1.fma(x, a13);
                }
            }
        }
        a00.intoArray(r, 8);
        a01.intoArray(r, 8 + L);
        a02.intoArray(r, 8 + 2 * L);
        a03.intoArray(r, 8 + 3 * L);
        a10.intoArray(r, 8 + 4 * L);
        a11.intoArray(r, 8 + 5 * L);
        a12.intoArray(r, 8 + 6 * L);
        a13.intoArray(r, 8 + 7 * L);
        Vectors.sumLanes(r, 8, 8, r, 0);
    }
}

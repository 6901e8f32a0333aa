package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.B;
import static ai.puyu.engine.tensor.Vectors.BLOCK;
import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;
import static jdk.incubator.vector.VectorOperators.B2F;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * q8 weights (see {@link QuantizedWeights}): L signed bytes, one per block, widen to L floats in one
 * sign-extending load and one conversion. As lane i is block i, the L scales of a superblock form one
 * vector: every path scales the weights first (prefill reuses them for four tokens), so that all
 * paths sum in one order.
 */
public final class Q8Matrix extends QuantizedMatrix {

    public Q8Matrix(QuantizedWeights q) {
        super(q, "q8");
    }

    private FloatVector load(long offset) {
        return Vectors.bytesToFloats(ByteVector.fromMemorySegment(B, data, offset, LE));
    }

    @Override
    void toF32(long base, float[] w, int wo, int len) {
        long sb = base;
        for (int s = 0; s < superblocks; s++, sb += pairBytes) {
            IntVector sc = IntVector.fromMemorySegment(I, data, sb + 2L * rowBytes, LE);
            FloatVector d0 = Vectors.scaleLow(sc), d1 = Vectors.scaleHigh(sc);
            int c = wo + s * BLOCK * L;
            for (int e = 0; e < BLOCK; e++) {
                long o = sb + (long) e * L;
                load(o).mul(d0).intoArray(w, c + e * L);
                load(o + rowBytes).mul(d1).intoArray(w, c + len + e * L);
            }
        }
    }

    @Override
    void pair1(float[] p, int xo, long base, float[] r) {
        // weights scaled first, one accumulator per row over the columns in prepared order: the
        // summation order of pair4 and of the blocked prefill tile, so results do not depend on n
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        long sb = base;
        for (int s = 0; s < superblocks; s++, sb += pairBytes) {
            IntVector sc = IntVector.fromMemorySegment(I, data, sb + 2L * rowBytes, LE);
            FloatVector d0 = Vectors.scaleLow(sc), d1 = Vectors.scaleHigh(sc);
            int xb = xo + s * BLOCK * L;
            for (int e = 0; e < BLOCK; e++) {
                long o = sb + (long) e * L;
                FloatVector x = FloatVector.fromArray(F, p, xb + e * L);
                a0 = load(o).mul(d0).fma(x, a0);
                a1 = load(o + rowBytes).mul(d1).fma(x, a1);
            }
        }
        // summed in lane order through memory: passing a vector to a method C2 does not inline boxes it
        a0.intoArray(r, 8);
        a1.intoArray(r, 8 + L);
        Vectors.sumLanes(r, 8, 2, r, 0);
    }

    @Override
    void quad1(float[] p, int xo, long base, long pairStride, float[] r) {
        // four row pairs in one loop: four memory streams in flight instead of one (see pair1 for the order). Written
        // out: in a method this size C2 does not inline the load and scale helpers, and vectors passed to or
        // returned from a method that is not inlined are boxed (KernelProbe then reports bytes allocated per call)
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        long sb = base;
        for (int s = 0; s < superblocks; s++, sb += pairBytes) {
            scales(sb + 2L * rowBytes, pairStride, r);
            FloatVector d0 = FloatVector.fromArray(F, r, 8), d1 = FloatVector.fromArray(F, r, 8 + L);
            FloatVector d2 = FloatVector.fromArray(F, r, 8 + 2 * L), d3 = FloatVector.fromArray(F, r, 8 + 3 * L);
            FloatVector d4 = FloatVector.fromArray(F, r, 8 + 4 * L), d5 = FloatVector.fromArray(F, r, 8 + 5 * L);
            FloatVector d6 = FloatVector.fromArray(F, r, 8 + 6 * L), d7 = FloatVector.fromArray(F, r, 8 + 7 * L);
            int xb = xo + s * BLOCK * L;
            for (int e = 0; e < BLOCK; e++) {
                long o = sb + (long) e * L;
                FloatVector x = FloatVector.fromArray(F, p, xb + e * L);
                FloatVector w0 = (FloatVector) ByteVector.fromMemorySegment(B, data, o, LE).convertShape(B2F, F, 0);
                FloatVector w1 = (FloatVector) ByteVector.fromMemorySegment(B, data, o + rowBytes, LE).convertShape(B2F, F, 0);
                FloatVector w2 = (FloatVector) ByteVector.fromMemorySegment(B, data, o + pairStride, LE).convertShape(B2F, F, 0);
                FloatVector w3 = (FloatVector) ByteVector.fromMemorySegment(B, data, o + pairStride + rowBytes, LE)
                        .convertShape(B2F, F, 0);
                FloatVector w4 = (FloatVector) ByteVector.fromMemorySegment(B, data, o + 2 * pairStride, LE).convertShape(B2F, F, 0);
                FloatVector w5 = (FloatVector) ByteVector.fromMemorySegment(B, data, o + 2 * pairStride + rowBytes, LE)
                        .convertShape(B2F, F, 0);
                FloatVector w6 = (FloatVector) ByteVector.fromMemorySegment(B, data, o + 3 * pairStride, LE).convertShape(B2F, F, 0);
                FloatVector w7 = (FloatVector) ByteVector.fromMemorySegment(B, data, o + 3 * pairStride + rowBytes, LE)
                        .convertShape(B2F, F, 0);
                a0 = w0.mul(d0).fma(x, a0);
                a1 = w1.mul(d1).fma(x, a1);
                a2 = w2.mul(d2).fma(x, a2);
                a3 = w3.mul(d3).fma(x, a3);
                a4 = w4.mul(d4).fma(x, a4);
                a5 = w5.mul(d5).fma(x, a5);
                a6 = w6.mul(d6).fma(x, a6);
                a7 = w7.mul(d7).fma(x, a7);
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
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        long sb = base;
        for (int s = 0; s < superblocks; s++, sb += pairBytes) {
            IntVector sc = IntVector.fromMemorySegment(I, data, sb + 2L * rowBytes, LE);
            FloatVector d0 = Vectors.scaleLow(sc), d1 = Vectors.scaleHigh(sc);
            int xb = s * BLOCK * L;
            for (int e = 0; e < BLOCK; e++) {
                long o = sb + (long) e * L;
                int c = xb + e * L;
                FloatVector w0 = load(o).mul(d0);
                FloatVector w1 = load(o + rowBytes).mul(d1);
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

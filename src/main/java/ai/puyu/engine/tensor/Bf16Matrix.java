package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * bf16 weights read in place from the mapped tensor. One int vector load brings 2L weights; the
 * element in each lane's low half becomes a float by a left shift of 16, the one in the high half by
 * masking off the low half, so no conversion instruction is needed (the activations are stored
 * in the matching even/odd order).
 */
public final class Bf16Matrix extends DenseMatrix {

    public Bf16Matrix(Tensor tensor) {
        super(tensor, DType.BF16);
    }

    @Override
    boolean evenOdd() {
        return true;
    }

    @Override
    boolean convertsRows() {
        return true;
    }

    @Override
    void toF32(int r, float[] w, int wo) {
        long o = (long) r * cols * 2;
        for (int c = 0; c < vecCols; c += 2 * L) {
            IntVector v = IntVector.fromMemorySegment(I, data, o + (long) c * 2, LE);
            Vectors.bf16Low(v).intoArray(w, wo + c);
            Vectors.bf16High(v).intoArray(w, wo + c + L);
        }
    }

    @Override
    void kernel4x1(float[] xp, int xo, int r0, int r1, int r2, int r3, float[] res) {
        // four rows in one loop: four memory streams in flight, which the hardware prefetchers serve better
        // than two (decode measured about 20% faster than two 2-row calls on a Xeon where the loop, not DRAM,
        // limits). One accumulator per row, columns in prepared order: the summation order of every path (see
        // TiledMatrix). KernelProbe reports 0 bytes allocated per call: C2 inlines the conversion helpers here.
        long o0 = (long) r0 * cols * 2;
        long o1 = (long) r1 * cols * 2;
        long o2 = (long) r2 * cols * 2;
        long o3 = (long) r3 * cols * 2;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int c = 0; c < vecCols; c += 2 * L) {
            FloatVector xe = FloatVector.fromArray(F, xp, xo + c);
            FloatVector xd = FloatVector.fromArray(F, xp, xo + c + L);
            long off = (long) c * 2;
            IntVector w0 = IntVector.fromMemorySegment(I, data, o0 + off, LE);
            IntVector w1 = IntVector.fromMemorySegment(I, data, o1 + off, LE);
            IntVector w2 = IntVector.fromMemorySegment(I, data, o2 + off, LE);
            IntVector w3 = IntVector.fromMemorySegment(I, data, o3 + off, LE);
            a0 = Vectors.bf16High(w0).fma(xd, Vectors.bf16Low(w0).fma(xe, a0));
            a1 = Vectors.bf16High(w1).fma(xd, Vectors.bf16Low(w1).fma(xe, a1));
            a2 = Vectors.bf16High(w2).fma(xd, Vectors.bf16Low(w2).fma(xe, a2));
            a3 = Vectors.bf16High(w3).fma(xd, Vectors.bf16Low(w3).fma(xe, a3));
        }
        a0.intoArray(res, 16);
        a1.intoArray(res, 16 + L);
        a2.intoArray(res, 16 + 2 * L);
        a3.intoArray(res, 16 + 3 * L);
        Vectors.sumLanes(res, 16, 4, res, 0);
    }

    @Override
    void kernel4x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r0, int r1, int r2, int r3, float[] res) {
        // the whole 4x4 tile in one loop (16 accumulators, 4 weight vectors unpacked once for 4 tokens): batched
        // decode of 8 streams measured about 15% faster than two 2x4 halves
        long o0 = (long) r0 * cols * 2;
        long o1 = (long) r1 * cols * 2;
        long o2 = (long) r2 * cols * 2;
        long o3 = (long) r3 * cols * 2;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int c = 0; c < vecCols; c += 2 * L) {
            long off = (long) c * 2;
            IntVector w0 = IntVector.fromMemorySegment(I, data, o0 + off, LE);
            IntVector w1 = IntVector.fromMemorySegment(I, data, o1 + off, LE);
            IntVector w2 = IntVector.fromMemorySegment(I, data, o2 + off, LE);
            IntVector w3 = IntVector.fromMemorySegment(I, data, o3 + off, LE);
            FloatVector e0 = Vectors.bf16Low(w0), d0 = Vectors.bf16High(w0);
            FloatVector e1 = Vectors.bf16Low(w1), d1 = Vectors.bf16High(w1);
            FloatVector e2 = Vectors.bf16Low(w2), d2 = Vectors.bf16High(w2);
            FloatVector e3 = Vectors.bf16Low(w3), d3 = Vectors.bf16High(w3);
            FloatVector xe0 = FloatVector.fromArray(F, xp, xo0 + c);
            FloatVector xd0 = FloatVector.fromArray(F, xp, xo0 + c + L);
            a00 = d0.fma(xd0, e0.fma(xe0, a00));
            a10 = d1.fma(xd0, e1.fma(xe0, a10));
            a20 = d2.fma(xd0, e2.fma(xe0, a20));
            a30 = d3.fma(xd0, e3.fma(xe0, a30));
            FloatVector xe1 = FloatVector.fromArray(F, xp, xo1 + c);
            FloatVector xd1 = FloatVector.fromArray(F, xp, xo1 + c + L);
            a01 = d0.fma(xd1, e0.fma(xe1, a01));
            a11 = d1.fma(xd1, e1.fma(xe1, a11));
            a21 = d2.fma(xd1, e2.fma(xe1, a21));
            a31 = d3.fma(xd1, e3.fma(xe1, a31));
            FloatVector xe2 = FloatVector.fromArray(F, xp, xo2 + c);
            FloatVector xd2 = FloatVector.fromArray(F, xp, xo2 + c + L);
            a02 = d0.fma(xd2, e0.fma(xe2, a02));
            a12 = d1.fma(xd2, e1.fma(xe2, a12));
            a22 = d2.fma(xd2, e2.fma(xe2, a22));
            a32 = d3.fma(xd2, e3.fma(xe2, a32));
            FloatVector xe3 = FloatVector.fromArray(F, xp, xo3 + c);
            FloatVector xd3 = FloatVector.fromArray(F, xp, xo3 + c + L);
            a03 = d0.fma(xd3, e0.fma(xe3, a03));
            a13 = d1.fma(xd3, e1.fma(xe3, a13));
            a23 = d2.fma(xd3, e2.fma(xe3, a23));
            a33 = d3.fma(xd3, e3.fma(xe3, a33));
        }
        a00.intoArray(res, 16);
        a01.intoArray(res, 16 + L);
        a02.intoArray(res, 16 + 2 * L);
        a03.intoArray(res, 16 + 3 * L);
        a10.intoArray(res, 16 + 4 * L);
        a11.intoArray(res, 16 + 5 * L);
        a12.intoArray(res, 16 + 6 * L);
        a13.intoArray(res, 16 + 7 * L);
        a20.intoArray(res, 16 + 8 * L);
        a21.intoArray(res, 16 + 9 * L);
        a22.intoArray(res, 16 + 10 * L);
        a23.intoArray(res, 16 + 11 * L);
        a30.intoArray(res, 16 + 12 * L);
        a31.intoArray(res, 16 + 13 * L);
        a32.intoArray(res, 16 + 14 * L);
        a33.intoArray(res, 16 + 15 * L);
        Vectors.sumLanes(res, 16, 16, res, 0);
    }
}

package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

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
    void kernel4x1(float[] xp, int xo, int r0, int r1, int r2, int r3, float[] res) {
        long o0 = (long) r0 * cols * 2;
        long o1 = (long) r1 * cols * 2;
        long o2 = (long) r2 * cols * 2;
        long o3 = (long) r3 * cols * 2;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int c = 0; c < vecCols; c += 2 * L) {
            FloatVector xe = FloatVector.fromArray(F, xp, xo + c);
            FloatVector xd = FloatVector.fromArray(F, xp, xo + c + L);
            long off = (long) c * 2;
            IntVector w0 = IntVector.fromMemorySegment(I, data, o0 + off, LE);
            IntVector w1 = IntVector.fromMemorySegment(I, data, o1 + off, LE);
            IntVector w2 = IntVector.fromMemorySegment(I, data, o2 + off, LE);
            IntVector w3 = IntVector.fromMemorySegment(I, data, o3 + off, LE);
            a0 = Vectors.bf16Low(w0).fma(xe, a0);
            b0 = Vectors.bf16High(w0).fma(xd, b0);
            a1 = Vectors.bf16Low(w1).fma(xe, a1);
            b1 = Vectors.bf16High(w1).fma(xd, b1);
            a2 = Vectors.bf16Low(w2).fma(xe, a2);
            b2 = Vectors.bf16High(w2).fma(xd, b2);
            a3 = Vectors.bf16Low(w3).fma(xe, a3);
            b3 = Vectors.bf16High(w3).fma(xd, b3);
        }
        res[0] = a0.add(b0).reduceLanes(VectorOperators.ADD);
        res[1] = a1.add(b1).reduceLanes(VectorOperators.ADD);
        res[2] = a2.add(b2).reduceLanes(VectorOperators.ADD);
        res[3] = a3.add(b3).reduceLanes(VectorOperators.ADD);
    }

    @Override
    void kernel4x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r0, int r1, int r2, int r3, float[] res) {
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
            FloatVector xe = FloatVector.fromArray(F, xp, xo0 + c);
            FloatVector xd = FloatVector.fromArray(F, xp, xo0 + c + L);
            a00 = d0.fma(xd, e0.fma(xe, a00));
            a10 = d1.fma(xd, e1.fma(xe, a10));
            a20 = d2.fma(xd, e2.fma(xe, a20));
            a30 = d3.fma(xd, e3.fma(xe, a30));
            xe = FloatVector.fromArray(F, xp, xo1 + c);
            xd = FloatVector.fromArray(F, xp, xo1 + c + L);
            a01 = d0.fma(xd, e0.fma(xe, a01));
            a11 = d1.fma(xd, e1.fma(xe, a11));
            a21 = d2.fma(xd, e2.fma(xe, a21));
            a31 = d3.fma(xd, e3.fma(xe, a31));
            xe = FloatVector.fromArray(F, xp, xo2 + c);
            xd = FloatVector.fromArray(F, xp, xo2 + c + L);
            a02 = d0.fma(xd, e0.fma(xe, a02));
            a12 = d1.fma(xd, e1.fma(xe, a12));
            a22 = d2.fma(xd, e2.fma(xe, a22));
            a32 = d3.fma(xd, e3.fma(xe, a32));
            xe = FloatVector.fromArray(F, xp, xo3 + c);
            xd = FloatVector.fromArray(F, xp, xo3 + c + L);
            a03 = d0.fma(xd, e0.fma(xe, a03));
            a13 = d1.fma(xd, e1.fma(xe, a13));
            a23 = d2.fma(xd, e2.fma(xe, a23));
            a33 = d3.fma(xd, e3.fma(xe, a33));
        }
        Tiles.reduce4x4(res, a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33);
    }
}

package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** f32 weights read in place from the mapped tensor. */
public final class F32Matrix extends DenseMatrix {

    public F32Matrix(Tensor tensor) {
        super(tensor, DType.F32);
    }

    @Override
    boolean evenOdd() {
        return false;
    }

    @Override
    void kernel4x1(float[] xp, int xo, int r0, int r1, int r2, int r3, float[] res) {
        long o0 = (long) r0 * cols * 4;
        long o1 = (long) r1 * cols * 4;
        long o2 = (long) r2 * cols * 4;
        long o3 = (long) r3 * cols * 4;
        // one accumulator per row, columns in order: the summation order of every path (see TiledMatrix)
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int c = 0; c < vecCols; c += L) {
            FloatVector x = FloatVector.fromArray(F, xp, xo + c);
            long off = (long) c * 4;
            a0 = FloatVector.fromMemorySegment(F, data, o0 + off, LE).fma(x, a0);
            a1 = FloatVector.fromMemorySegment(F, data, o1 + off, LE).fma(x, a1);
            a2 = FloatVector.fromMemorySegment(F, data, o2 + off, LE).fma(x, a2);
            a3 = FloatVector.fromMemorySegment(F, data, o3 + off, LE).fma(x, a3);
        }
        a0.intoArray(res, 16);
        a1.intoArray(res, 16 + L);
        a2.intoArray(res, 16 + 2 * L);
        a3.intoArray(res, 16 + 3 * L);
        Vectors.sumLanes(res, 16, 4, res, 0);
    }

    @Override
    void kernel4x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r0, int r1, int r2, int r3, float[] res) {
        long o0 = (long) r0 * cols * 4;
        long o1 = (long) r1 * cols * 4;
        long o2 = (long) r2 * cols * 4;
        long o3 = (long) r3 * cols * 4;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int c = 0; c < vecCols; c += L) {
            long off = (long) c * 4;
            FloatVector w0 = FloatVector.fromMemorySegment(F, data, o0 + off, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, data, o1 + off, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, data, o2 + off, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, data, o3 + off, LE);
            FloatVector x = FloatVector.fromArray(F, xp, xo0 + c);
            a00 = w0.fma(x, a00);
            a10 = w1.fma(x, a10);
            a20 = w2.fma(x, a20);
            a30 = w3.fma(x, a30);
            x = FloatVector.fromArray(F, xp, xo1 + c);
            a01 = w0.fma(x, a01);
            a11 = w1.fma(x, a11);
            a21 = w2.fma(x, a21);
            a31 = w3.fma(x, a31);
            x = FloatVector.fromArray(F, xp, xo2 + c);
            a02 = w0.fma(x, a02);
            a12 = w1.fma(x, a12);
            a22 = w2.fma(x, a22);
            a32 = w3.fma(x, a32);
            x = FloatVector.fromArray(F, xp, xo3 + c);
            a03 = w0.fma(x, a03);
            a13 = w1.fma(x, a13);
            a23 = w2.fma(x, a23);
            a33 = w3.fma(x, a33);
        }
        // reduced here: passing vectors to a method C2 does not inline would box them
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

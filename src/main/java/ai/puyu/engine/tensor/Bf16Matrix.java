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
        // two rows per call: bigger methods exceed C2's node budget for inlining the Vector API,
        // and vectors it fails to inline get boxed
        for (int k = 0; k < 4; k += 2) {
            res[k] = dot2(xp, xo, k == 0 ? r0 : r2, k == 0 ? r1 : r3, res, k);
        }
    }

    /** Sets res[i + 1] to the dot product of row rb and returns row ra's. */
    private float dot2(float[] xp, int xo, int ra, int rb, float[] res, int i) {
        long o0 = (long) ra * cols * 2;
        long o1 = (long) rb * cols * 2;
        // one accumulator per row, columns in prepared order: the summation order of every path (see TiledMatrix)
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        for (int c = 0; c < vecCols; c += 2 * L) {
            FloatVector xe = FloatVector.fromArray(F, xp, xo + c);
            FloatVector xd = FloatVector.fromArray(F, xp, xo + c + L);
            long off = (long) c * 2;
            IntVector w0 = IntVector.fromMemorySegment(I, data, o0 + off, LE);
            IntVector w1 = IntVector.fromMemorySegment(I, data, o1 + off, LE);
            a0 = Vectors.bf16High(w0).fma(xd, Vectors.bf16Low(w0).fma(xe, a0));
            a1 = Vectors.bf16High(w1).fma(xd, Vectors.bf16Low(w1).fma(xe, a1));
        }
        a1.intoArray(res, 16);
        res[i + 1] = Vectors.sumLanes(res, 16);
        a0.intoArray(res, 16);
        return Vectors.sumLanes(res, 16);
    }

    @Override
    void kernel4x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r0, int r1, int r2, int r3, float[] res) {
        for (int k = 0; k < 4; k += 2) {
            tile2x4(xp, xo0, xo1, xo2, xo3, k == 0 ? r0 : r2, k == 0 ? r1 : r3, res, 4 * k);
        }
    }

    /** res[i + 4 k + j] = dot(row k of (ra, rb), token j): half the 4x4 tile, for C2's node budget. */
    private void tile2x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int ra, int rb, float[] res, int i) {
        long o0 = (long) ra * cols * 2;
        long o1 = (long) rb * cols * 2;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        for (int c = 0; c < vecCols; c += 2 * L) {
            long off = (long) c * 2;
            IntVector w0 = IntVector.fromMemorySegment(I, data, o0 + off, LE);
            IntVector w1 = IntVector.fromMemorySegment(I, data, o1 + off, LE);
            FloatVector e0 = Vectors.bf16Low(w0), d0 = Vectors.bf16High(w0);
            FloatVector e1 = Vectors.bf16Low(w1), d1 = Vectors.bf16High(w1);
            FloatVector xe = FloatVector.fromArray(F, xp, xo0 + c);
            FloatVector xd = FloatVector.fromArray(F, xp, xo0 + c + L);
            a00 = d0.fma(xd, e0.fma(xe, a00));
            a10 = d1.fma(xd, e1.fma(xe, a10));
            xe = FloatVector.fromArray(F, xp, xo1 + c);
            xd = FloatVector.fromArray(F, xp, xo1 + c + L);
            a01 = d0.fma(xd, e0.fma(xe, a01));
            a11 = d1.fma(xd, e1.fma(xe, a11));
            xe = FloatVector.fromArray(F, xp, xo2 + c);
            xd = FloatVector.fromArray(F, xp, xo2 + c + L);
            a02 = d0.fma(xd, e0.fma(xe, a02));
            a12 = d1.fma(xd, e1.fma(xe, a12));
            xe = FloatVector.fromArray(F, xp, xo3 + c);
            xd = FloatVector.fromArray(F, xp, xo3 + c + L);
            a03 = d0.fma(xd, e0.fma(xe, a03));
            a13 = d1.fma(xd, e1.fma(xe, a13));
        }
        a00.intoArray(res, 16);
        res[i] = Vectors.sumLanes(res, 16);
        a01.intoArray(res, 16);
        res[i + 1] = Vectors.sumLanes(res, 16);
        a02.intoArray(res, 16);
        res[i + 2] = Vectors.sumLanes(res, 16);
        a03.intoArray(res, 16);
        res[i + 3] = Vectors.sumLanes(res, 16);
        a10.intoArray(res, 16);
        res[i + 4] = Vectors.sumLanes(res, 16);
        a11.intoArray(res, 16);
        res[i + 5] = Vectors.sumLanes(res, 16);
        a12.intoArray(res, 16);
        res[i + 6] = Vectors.sumLanes(res, 16);
        a13.intoArray(res, 16);
        res[i + 7] = Vectors.sumLanes(res, 16);
    }
}

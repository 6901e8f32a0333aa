package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * f16 (IEEE half) weights read in place from the mapped tensor. One int vector load brings 2L weights;
 * each half is converted in registers by shifting exponent and mantissa into float position and
 * rescaling by 2^112 (exact for normal and subnormal halves), with infinities and NaNs fixed up by a
 * compare. The JDK 25 Vector API has no half-to-float conversion, so this replaces F16C's vcvtph2ps.
 */
public final class F16Matrix extends DenseMatrix {

    public F16Matrix(Tensor tensor) {
        super(tensor, DType.F16);
    }

    @Override
    boolean evenOdd() {
        return true;
    }

    @Override
    void kernel4x1(float[] xp, int xo, int r0, int r1, int r2, int r3, float[] res) {
        // one row per call: the half-to-float unpacking is large enough that two rows in one method
        // exceed C2's node budget for inlining the Vector API, and vectors it fails to inline get boxed
        // (a loop, so that C2 inlines one copy of dot1 rather than four)
        for (int k = 0; k < 4; k++) {
            res[k] = dot1(xp, xo, k == 0 ? r0 : k == 1 ? r1 : k == 2 ? r2 : r3, res);
        }
    }

    private float dot1(float[] xp, int xo, int r, float[] res) {
        long o = (long) r * cols * 2;
        // one accumulator, columns in prepared order: the summation order of every path (see TiledMatrix)
        FloatVector a = FloatVector.zero(F);
        for (int c = 0; c < vecCols; c += 2 * L) {
            IntVector w = IntVector.fromMemorySegment(I, data, o + (long) c * 2, LE);
            a = Vectors.f16Low(w).fma(FloatVector.fromArray(F, xp, xo + c), a);
            a = Vectors.f16High(w).fma(FloatVector.fromArray(F, xp, xo + c + L), a);
        }
        a.intoArray(res, 16);
        return Vectors.sumLanes(res, 16);
    }

    @Override
    void kernel4x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r0, int r1, int r2, int r3, float[] res) {
        for (int k = 0; k < 4; k++) {
            tile1x4(xp, xo0, xo1, xo2, xo3, k == 0 ? r0 : k == 1 ? r1 : k == 2 ? r2 : r3, res, 4 * k);
        }
    }

    /** res[i + j] = dot(row r, token j): each row converted once for four tokens. */
    private void tile1x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r, float[] res, int i) {
        long o = (long) r * cols * 2;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int c = 0; c < vecCols; c += 2 * L) {
            IntVector w = IntVector.fromMemorySegment(I, data, o + (long) c * 2, LE);
            FloatVector e = Vectors.f16Low(w), d = Vectors.f16High(w);
            a0 = d.fma(FloatVector.fromArray(F, xp, xo0 + c + L), e.fma(FloatVector.fromArray(F, xp, xo0 + c), a0));
            a1 = d.fma(FloatVector.fromArray(F, xp, xo1 + c + L), e.fma(FloatVector.fromArray(F, xp, xo1 + c), a1));
            a2 = d.fma(FloatVector.fromArray(F, xp, xo2 + c + L), e.fma(FloatVector.fromArray(F, xp, xo2 + c), a2));
            a3 = d.fma(FloatVector.fromArray(F, xp, xo3 + c + L), e.fma(FloatVector.fromArray(F, xp, xo3 + c), a3));
        }
        a0.intoArray(res, 16 + i * L);
        a1.intoArray(res, 16 + (i + 1) * L);
        a2.intoArray(res, 16 + (i + 2) * L);
        a3.intoArray(res, 16 + (i + 3) * L);
        Vectors.sumLanes(res, 16 + i * L, 4, res, i);
    }
}

package ai.puyu.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise functions built only from IEEE basic operations (add, multiply, fused multiply-add, compare,
 * conversions), so that they give the same bits whether C2 has compiled the caller or not.
 *
 * <p>The Vector API's own {@code lanewise(EXP)} and floating {@code reduceLanes(ADD)} do not: compiled,
 * EXP calls a vector math library and the reduction sums lanes in a tree; interpreted (before the JIT
 * reaches a method, or after a deoptimization) EXP is {@code Math.exp} per lane and the reduction runs in
 * lane order. Results then depended on when the JIT kicked in, which broke the engine's bit-for-bit
 * promises (batched decode equals solo decode, the same tokens on every run) on a busy machine.
 */
final class VectorMath {

    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split so that n * LN2_HI is exact for |n| < 2^12 (Cody and Waite)
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Above this exp overflows float (the result is +inf), below EXP_LO it is below the normal range (0). */
    private static final float EXP_HI = 88.3762626647949f;
    private static final float EXP_LO = -87.3365478515625f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUND = 12582912f;

    private VectorMath() {
    }

    /**
     * e^x per lane, within 2 ulp of {@code Math.exp} in the normal range (the Cephes expf polynomial); +inf
     * above 88.376, 0 below -87.337 (where e^x would be subnormal), NaN for NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector n = xc.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = n.fma(x.broadcast(-LN2_HI), xc);
        r = n.fma(x.broadcast(-LN2_LO), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, x.broadcast(8.3334519073e-3f));
        p = p.fma(r, x.broadcast(4.1665795894e-2f));
        p = p.fma(r, x.broadcast(1.6666665459e-1f));
        p = p.fma(r, x.broadcast(5.0000001201e-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        y = y.mul(bits.reinterpretAsFloats());
        VectorMask<Float> over = x.compare(VectorOperators.GT, EXP_HI);
        VectorMask<Float> under = x.compare(VectorOperators.LT, EXP_LO);
        return y.blend(Float.POSITIVE_INFINITY, over).blend(0f, under);
    }

    /** For {@link #foldSum}: step k pairs lane i with lane i xor (L >> (k + 1)). */
    private static final VectorShuffle<Float>[] FOLDS = folds(FloatVector.SPECIES_PREFERRED);

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds(VectorSpecies<Float> s) {
        int steps = Integer.numberOfTrailingZeros(s.length());
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int half = s.length() >> (k + 1);
            f[k] = VectorShuffle.fromOp(s, i -> i ^ half);
        }
        return f;
    }

    /**
     * The lanes of {@code v} (of the preferred species) summed as a tree, in registers: the upper half added to the
     * lower, then the same within each half, down to lane 0 (16 lanes: ((l0 + l8) + (l4 + l12)) + ((l2 + l10) + (l6 +
     * l14)) + ...). A fixed order of plain lane-wise adds and permutations, so the same bits compiled or not; cheaper
     * than {@link #sum} (no trip through memory) where many sums are needed, as in attention's scores.
     */
    static float foldSum(FloatVector v) {
        for (VectorShuffle<Float> f : FOLDS) {
            v = v.add(v.rearrange(f));
        }
        return v.lane(0);
    }

    /** The lanes of {@code v} summed in lane order (lane 0 first), through {@code tmp} (at least L floats). */
    static float sum(FloatVector v, float[] tmp) {
        v.intoArray(tmp, 0);
        float s = 0f;
        for (int i = 0; i < v.length(); i++) {
            s += tmp[i];
        }
        return s;
    }
}

package ai.puyu.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class VectorMathTests {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static float[] exp(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += S.length()) {
            VectorMath.exp(FloatVector.fromArray(S, x, i)).intoArray(out, i);
        }
        return out;
    }

    @Test
    void expIsWithinTwoUlpOfMathExpOverTheNormalRange() {
        SplittableRandom random = new SplittableRandom(7);
        float[] x = new float[S.length() * 4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-87.3, 88.3);
        }
        x[0] = 0f;
        x[1] = -0f;
        x[2] = 1f;
        x[3] = -1f;
        float[] y = exp(x);
        for (int i = 0; i < x.length; i++) {
            float want = (float) Math.exp(x[i]);
            assertThat(Math.abs(y[i] - want)).as("exp(%s)", x[i]).isLessThanOrEqualTo(2 * Math.ulp(want));
        }
        assertThat(y[0]).isEqualTo(1f);
        assertThat(y[1]).isEqualTo(1f);
    }

    @Test
    void expSaturatesLikeFloatAndPropagatesNaN() {
        float[] x = new float[S.length()];
        java.util.Arrays.fill(x, 0f);
        x[0] = Float.NEGATIVE_INFINITY;
        x[1] = -1000f;
        x[2] = Float.POSITIVE_INFINITY;
        x[3] = 1000f;
        x[4] = Float.NaN;
        float[] y = exp(x);
        assertThat(y[0]).isZero();
        assertThat(y[1]).isZero();
        assertThat(y[2]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(y[3]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(y[4]).isNaN();
    }

    @Test
    void foldSumAddsTheUpperHalfToTheLowerDownToLaneZero() {
        float[] lanes = new float[S.length()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = (i % 3 == 0 ? 1e8f : 1f) * (i % 2 == 0 ? 1 : -1) + i * 0.25f;
        }
        float[] v = lanes.clone();
        for (int half = v.length / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                v[i] = v[i] + v[i + half];
            }
        }
        float want = v[0];
        assertThat(VectorMath.foldSum(FloatVector.fromArray(S, lanes, 0))).isEqualTo(want);
        // the order matters for these values: a sum in lane order gives other bits
        float inOrder = 0f;
        for (float l : lanes) {
            inOrder += l;
        }
        assertThat(inOrder).isNotEqualTo(want);
    }

    @Test
    void sumAddsLanesInLaneOrder() {
        float[] lanes = new float[S.length()];
        lanes[0] = 1e8f;
        lanes[1] = 1f;
        lanes[2] = -1e8f;
        for (int i = 3; i < lanes.length; i++) {
            lanes[i] = i;
        }
        float want = 0f;
        for (float l : lanes) {
            want += l;
        }
        assertThat(VectorMath.sum(FloatVector.fromArray(S, lanes, 0), new float[S.length()])).isEqualTo(want);
    }
}

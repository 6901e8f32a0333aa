package ai.puyu.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The lane sum is part of every kernel's canonical summation order (see TiledMatrix): the interleaved form that
 * finishes 4 sums at once must give, bit for bit, lane 0 + lane 1 + ... in order for each, on values whose
 * sum depends on the order.
 */
class LaneSumTests {

    @Test
    void interleavedSumsEqualTheSumInLaneOrder() {
        SplittableRandom rnd = new SplittableRandom(3);
        int lanes = Vectors.L;
        for (int count = 1; count <= 16; count++) {
            float[] buf = new float[5 + count * lanes];
            for (int i = 0; i < buf.length; i++) {
                buf[i] = (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(-20, 20)));
            }
            float[] dst = new float[count + 2];
            Vectors.sumLanes(buf, 5, count, dst, 1);
            for (int j = 0; j < count; j++) {
                float inOrder = 0f;
                for (int i = 0; i < lanes; i++) {
                    inOrder += buf[5 + j * lanes + i];
                }
                assertThat(Float.floatToRawIntBits(dst[1 + j])).as("count %d, sum %d", count, j)
                        .isEqualTo(Float.floatToRawIntBits(inOrder));
            }
            assertThat(dst[0]).isZero();
            assertThat(dst[count + 1]).isZero();
        }
    }
}

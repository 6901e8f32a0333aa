package ai.puyu.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** RoPE angles, with Hugging Face's dynamic NTK base evaluated per token. */
class RotaryEmbeddingTests {

    @Test
    void plainAnglesArePositionTimesInverseFrequency() {
        RotaryEmbedding rope = new RotaryEmbedding(8, 10_000, 100, "dynamic", 2.0);
        float[] cos = new float[4];
        float[] sin = new float[4];
        rope.angles(3, cos, sin, 0);
        // inv_freq = 10000^(-2i/8) = 1, 0.1, 0.01, 0.001
        assertThat((double) cos[0]).isCloseTo(Math.cos(3.0), within(1e-7));
        assertThat((double) sin[1]).isCloseTo(Math.sin(0.3), within(1e-7));
        assertThat((double) sin[3]).isCloseTo(Math.sin(0.003), within(1e-9));
    }

    @Test
    void dynamicNtkScalesTheBaseOnlyPastMaxPositions() {
        RotaryEmbedding rope = new RotaryEmbedding(128, 1_000_000, 32768, "dynamic", 2.0);
        assertThat(rope.baseAt(32767)).isEqualTo(1_000_000);
        // L = 65536: base * (2 * 2 - 1)^(128/126)
        assertThat(rope.baseAt(65535)).isCloseTo(1_000_000 * Math.pow(3, 128.0 / 126), within(1e-3));
        float[] cos = new float[64];
        float[] sin = new float[64];
        rope.angles(65535, cos, sin, 0);
        double invFreq1 = Math.pow(rope.baseAt(65535), -2.0 / 128);
        assertThat((double) cos[1]).isCloseTo(Math.cos(65535 * invFreq1), within(1e-6));
    }

    @Test
    void linearScalingDividesPositions() {
        RotaryEmbedding rope = new RotaryEmbedding(8, 10_000, 100, "linear", 4.0);
        float[] cos = new float[4];
        float[] sin = new float[4];
        rope.angles(8, cos, sin, 0);
        assertThat((double) sin[0]).isCloseTo(Math.sin(2.0), within(1e-7));
    }

    @Test
    void refusesUnknownScaling() {
        assertThatThrownBy(() -> new RotaryEmbedding(8, 10_000, 100, "yarn", 4.0)).hasMessageContaining("yarn");
    }
}

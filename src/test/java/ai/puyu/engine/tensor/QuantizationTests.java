package ai.puyu.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import jdk.incubator.vector.IntVector;

/** Quantize-on-load keeps every weight within the format's bound, and the f16 unpacking is exact. */
class QuantizationTests {

    private static final double F16_SCALE_ROUNDING = 1 + 0x1p-10;

    /**
     * A block format: {@code levels} steps from zero to the block's largest magnitude, quantized values in
     * [{@code min}, {@code max}], and the most steps a weight of the opposite sign to that largest one can take
     * (q4 maps the largest to -8, so the other side stops at 7 and its extremes are clamped; q8 is symmetric).
     */
    record Format(String name, Function<Tensor, QuantizedWeights> quantize, DType dtype, int rows, int cols,
                  float scale, long seed, int levels, int min, int max, int oppositeLimit) {
        @Override
        public String toString() {
            return name + " of " + dtype + " " + rows + "x" + cols;
        }
    }

    static Stream<Format> formats() {
        return Stream.of(
                new Format("q8", QuantizedWeights::q8, DType.BF16, 23, 77, 2f, 1, 127, -127, 127, 127),
                new Format("q4", QuantizedWeights::q4, DType.F32, 19, 70, 1f, 2, 8, -8, 7, 7));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void dequantizesWithinHalfAStepOfEveryBlockExceptClampedOppositeExtremes(Format f) {
        Tensor t = TestTensors.random(f.dtype(), f.rows(), f.cols(), f.scale(), new Random(f.seed()));
        QuantizedWeights q = f.quantize().apply(t);
        int blocks = (f.cols() + 31) / 32;
        int clamped = 0;
        for (int r = 0; r < f.rows(); r++) {
            for (int b = 0; b < blocks; b++) {
                int from = b * 32;
                int to = Math.min(f.cols(), from + 32);
                double m = 0; // the block's weight of largest magnitude, with its sign
                for (int c = from; c < to; c++) {
                    double w = ScalarMatrix.get(t, (long) r * f.cols() + c);
                    if (Math.abs(w) > Math.abs(m)) {
                        m = w;
                    }
                }
                double step = Math.abs(m) / f.levels();
                for (int c = from; c < to; c++) {
                    double w = ScalarMatrix.get(t, (long) r * f.cols() + c);
                    double err = Math.abs(q.get(r, c) - w);
                    assertThat(q.quant(r, c)).isBetween(f.min(), f.max());
                    if (Math.signum(w) == -Math.signum(m) && Math.abs(w) > (f.oppositeLimit() + 0.5) * step) {
                        clamped++;
                        assertThat(err).isLessThanOrEqualTo(step * F16_SCALE_ROUNDING);
                    } else {
                        assertThat(err).as("W[%d,%d]", r, c).isLessThanOrEqualTo(step / 2 * F16_SCALE_ROUNDING);
                    }
                }
            }
        }
        if (f.oppositeLimit() >= f.levels()) {
            assertThat(clamped).isZero(); // symmetric: nothing to clamp
        } else {
            assertThat(clamped).isLessThan(f.rows() * blocks);
        }
    }

    @Test
    void storesOneByteOrHalfAByteAndAnF16ScalePerWeightBlockWithoutPaddingOnModelShapes() {
        Tensor t = TestTensors.random(DType.BF16, 6, 1024, 1f, new Random(5));
        assertThat(QuantizedWeights.q8(t).byteSize()).isEqualTo(6L * 32 * (32 + 2));
        assertThat(QuantizedWeights.q4(t).byteSize()).isEqualTo(6L * 32 * (16 + 2));
    }

    @Test
    void allZeroBlocksQuantizeToZero() {
        Tensor t = TestTensors.random(DType.F32, 2, 40, 0f, new Random(3));
        for (QuantizedWeights q : new QuantizedWeights[] {QuantizedWeights.q8(t), QuantizedWeights.q4(t)}) {
            for (int c = 0; c < 40; c++) {
                assertThat(q.get(1, c)).isZero();
            }
        }
    }

    @Test
    void unknownQuantizationIsRejectedByName() {
        Tensor t = TestTensors.random(DType.F32, 2, 4, 1f, new Random(4));
        assertThatThrownBy(() -> WeightMatrices.quantize(t, "q5")).hasMessageContaining("'q5'");
    }

    @Test
    void vectorHalfToFloatMatchesFloat16ToFloatForEveryBitPattern() {
        int lanes = Vectors.L;
        int[] bits = new int[lanes];
        float[] low = new float[lanes];
        float[] high = new float[lanes];
        for (int h = 0; h < 65536; h += lanes) {
            for (int j = 0; j < lanes; j++) {
                // element h+j in the low half, its bitwise complement in the high half
                bits[j] = ((h + j) & 0xFFFF) | ((~(h + j) & 0xFFFF) << 16);
            }
            IntVector v = IntVector.fromArray(Vectors.I, bits, 0);
            Vectors.f16Low(v).intoArray(low, 0);
            Vectors.f16High(v).intoArray(high, 0);
            for (int j = 0; j < lanes; j++) {
                short lo = (short) (h + j);
                short hi = (short) ~(h + j);
                assertThat(Float.floatToIntBits(low[j])).as("f16 %04x", lo & 0xFFFF)
                        .isEqualTo(Float.floatToIntBits(Float.float16ToFloat(lo)));
                assertThat(Float.floatToIntBits(high[j])).as("f16 %04x", hi & 0xFFFF)
                        .isEqualTo(Float.floatToIntBits(Float.float16ToFloat(hi)));
            }
        }
    }

    @Test
    void vectorScaleConversionMatchesFloat16ToFloatForEveryFiniteBitPattern() {
        int lanes = Vectors.L;
        int[] bits = new int[lanes];
        float[] low = new float[lanes];
        float[] high = new float[lanes];
        for (int h = 0; h < 65536; h += lanes) {
            for (int j = 0; j < lanes; j++) {
                bits[j] = ((h + j) & 0xFFFF) | ((~(h + j) & 0xFFFF) << 16);
            }
            IntVector v = IntVector.fromArray(Vectors.I, bits, 0);
            Vectors.scaleLow(v).intoArray(low, 0);
            Vectors.scaleHigh(v).intoArray(high, 0);
            for (int j = 0; j < lanes; j++) {
                short lo = (short) (h + j);
                short hi = (short) ~(h + j);
                if (Float.isFinite(Float.float16ToFloat(lo))) {
                    assertThat(Float.floatToIntBits(low[j])).as("f16 %04x", lo & 0xFFFF)
                            .isEqualTo(Float.floatToIntBits(Float.float16ToFloat(lo)));
                }
                if (Float.isFinite(Float.float16ToFloat(hi))) {
                    assertThat(Float.floatToIntBits(high[j])).as("f16 %04x", hi & 0xFFFF)
                            .isEqualTo(Float.floatToIntBits(Float.float16ToFloat(hi)));
                }
            }
        }
    }
}

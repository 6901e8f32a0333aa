package ai.puyu.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import jdk.incubator.vector.IntVector;

/** Quantize-on-load keeps every weight within the format's bound, and the f16 unpacking is exact. */
class QuantizationTests {

    private static final double F16_SCALE_ROUNDING = 1 + 0x1p-10;

    @Test
    void q8DequantizesWithinHalfAStepOfEveryBlock() {
        Random rnd = new Random(1);
        Tensor t = TestTensors.random(DType.BF16, 23, 77, 2f, rnd);
        QuantizedWeights q = QuantizedWeights.q8(t);
        for (int r = 0; r < 23; r++) {
            for (int b = 0; b < 3; b++) {
                double amax = 0;
                for (int c = b * 32; c < Math.min(77, b * 32 + 32); c++) {
                    amax = Math.max(amax, Math.abs(ScalarMatrix.get(t, (long) r * 77 + c)));
                }
                double step = amax / 127;
                for (int c = b * 32; c < Math.min(77, b * 32 + 32); c++) {
                    double w = ScalarMatrix.get(t, (long) r * 77 + c);
                    assertThat(Math.abs(q.get(r, c) - w)).as("W[%d,%d]", r, c).isLessThanOrEqualTo(step / 2 * F16_SCALE_ROUNDING);
                    assertThat(Math.abs(q.quant(r, c))).isLessThanOrEqualTo(127);
                }
            }
        }
    }

    @Test
    void q4DequantizesWithinHalfAStepExceptClampedOppositeExtremes() {
        Random rnd = new Random(2);
        Tensor t = TestTensors.random(DType.F32, 19, 70, 1f, rnd);
        QuantizedWeights q = QuantizedWeights.q4(t);
        int clamped = 0;
        for (int r = 0; r < 19; r++) {
            for (int b = 0; b < 3; b++) {
                double m = 0;
                for (int c = b * 32; c < Math.min(70, b * 32 + 32); c++) {
                    double w = ScalarMatrix.get(t, (long) r * 70 + c);
                    if (Math.abs(w) > Math.abs(m)) {
                        m = w;
                    }
                }
                double step = Math.abs(m) / 8;
                for (int c = b * 32; c < Math.min(70, b * 32 + 32); c++) {
                    double w = ScalarMatrix.get(t, (long) r * 70 + c);
                    double err = Math.abs(q.get(r, c) - w);
                    assertThat(q.quant(r, c)).isBetween(-8, 7);
                    if (Math.signum(w) == -Math.signum(m) && Math.abs(w) > 7.5 * step) {
                        clamped++;
                        assertThat(err).isLessThanOrEqualTo(step * F16_SCALE_ROUNDING);
                    } else {
                        assertThat(err).as("W[%d,%d]", r, c).isLessThanOrEqualTo(step / 2 * F16_SCALE_ROUNDING);
                    }
                }
            }
        }
        assertThat(clamped).isLessThan(19 * 3);
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

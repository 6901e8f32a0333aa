package ai.puyu.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token's result must not depend on which other tokens share the product: the serving engine promises that
 * a sequence decoded in a batch gets exactly the tokens it gets alone, so every format and every batch size
 * must give each token's row bit for bit what n = 1 gives.
 */
class BatchInvarianceTests {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @ParameterizedTest
    @ValueSource(strings = {"f32", "bf16", "f16", "q8", "q4"})
    void eachTokensRowIsBitIdenticalToItsSoloProduct(String format) {
        assertBatchInvariant(format, 96, 512, new int[] {2, 3, 4, 5, 8, 17});
    }

    /** Dense rows with a scalar tail past the vector columns, in batches of two token tiles or more. */
    @ParameterizedTest
    @ValueSource(strings = {"f32", "bf16", "f16"})
    void rowsWithAScalarTailGiveTheSoloProduct(String format) {
        assertBatchInvariant(format, 22, 1100, new int[] {8, 9, 13});
    }

    /**
     * Packed bf16, 7 blocks of 32 rows, the last partial: solo decode runs four blocks then two (the second clamped),
     * batches run pairs of blocks then a single one, in groups of 4 tokens (a last group of 1 or 2 by the
     * two-token tile, of 3 padded).
     */
    @org.junit.jupiter.api.Test
    void packedBf16TilesGiveTheSoloProduct() {
        assertBatchInvariant("bf16", 200, 300, new int[] {2, 3, 4, 5, 6, 7, 8, 9, 17, 130});
    }

    /** q8 and q4 batches long enough to convert rows to f32 in blocks (QuantizedMatrix.BLOCKED_MIN_TOKENS). */
    @ParameterizedTest
    @ValueSource(strings = {"q8", "q4"})
    void quantizedRowsConvertedInBlocksGiveTheSoloProduct(String format) {
        assertBatchInvariant(format, 36, 512, new int[] {64, 67});
    }

    private static void assertBatchInvariant(String format, int rows, int cols, int[] batches) {
        Tensor t = randomTensor(format, rows, cols, new SplittableRandom(7));
        WeightMatrix w = switch (format) {
            case "q8", "q4" -> WeightMatrices.quantize(t, format);
            default -> WeightMatrices.of(t);
        };
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : batches) {
            float[] x = new float[n * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[] batched = new float[n * rows];
            w.multiply(x, n, batched, rows, 0, rows);
            for (int tok = 0; tok < n; tok++) {
                float[] one = new float[cols];
                System.arraycopy(x, tok * cols, one, 0, cols);
                float[] solo = new float[rows];
                w.multiply(one, 1, solo, rows, 0, rows);
                for (int r = 0; r < rows; r++) {
                    assertThat(Float.floatToRawIntBits(batched[tok * rows + r]))
                            .as("%s n=%d token %d row %d: batched %s vs solo %s", format, n, tok, r,
                                    batched[tok * rows + r], solo[r])
                            .isEqualTo(Float.floatToRawIntBits(solo[r]));
                }
            }
        }
    }

    private static Tensor randomTensor(String format, int rows, int cols, SplittableRandom rnd) {
        DType dtype = switch (format) {
            case "f32" -> DType.F32;
            case "f16" -> DType.F16;
            default -> DType.BF16;
        };
        MemorySegment data = Arena.ofAuto().allocate((long) rows * cols * dtype.bytes());
        for (long i = 0; i < (long) rows * cols; i++) {
            float v = (float) (rnd.nextGaussian() * 0.05);
            switch (dtype) {
                case F32 -> data.set(F32, i * 4, v);
                case F16 -> data.set(U16, i * 2, Float.floatToFloat16(v));
                case BF16 -> data.set(U16, i * 2, (short) (Float.floatToRawIntBits(v) >>> 16));
            }
        }
        return new Tensor("w", dtype, new long[] {rows, cols}, data);
    }
}

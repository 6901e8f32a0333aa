package ai.puyu.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector kernel and format against its scalar twin, on fresh random inputs, for 1, 7 and 64
 * tokens (the 4x1 decode kernel, a tile with clamped edge tokens, whole tiles) and shapes whose
 * column counts are and are not multiples of the vector length (16 or 8) and of the 32-column block.
 *
 * <p>Bound: the twin sums in double, the kernels in float. The row-major kernels sum with L lanes, so the
 * difference is within (cols / L + log2 L + 2) u sum_c |w_c x_c| with u = 2^-24 (the textbook bound for
 * recursive summation, applied per lane, plus the lane reduction); with cols &lt;= 1000 and L &gt;= 8 that is
 * below 8e-6 of sum |w_c x_c|, and the test allows 1e-5. The packed bf16 kernels sum each (row, token) over
 * the columns in one sequence, within (cols + 1) u sum |w_c x_c|, which the test allows for bf16. Weights are
 * converted exactly (bf16/f16 to f32 is exact, and q * d has at most 8 + 11 significant bits), so any error
 * beyond rounding means a wrong kernel.
 */
class KernelConsistencyTests {

    private static final Matmul MATMUL = new Matmul(2);
    private static final int[][] SHAPES = {{1, 1}, {5, 3}, {17, 33}, {37, 100}, {64, 64}, {130, 257}, {9, 1000}, {68, 512}};

    @AfterAll
    static void closePool() {
        MATMUL.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (String format : List.of("f32", "bf16", "f16", "q8", "q4")) {
            for (int[] shape : SHAPES) {
                for (int n : new int[] {1, 7, 64}) {
                    list.add(Arguments.of(format, shape[0], shape[1], n));
                }
            }
        }
        // packed bf16 over 7 blocks of 32 rows, the last partial: every tile (four blocks x 1 token, two blocks x 1
        // token with the second clamped, two blocks x 4 and x 2 tokens, one block x 4 tokens) and padded token groups
        for (int n : new int[] {2, 3, 4, 5, 6, 8, 9, 17}) {
            list.add(Arguments.of("bf16", 200, 70, n));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} [{1}x{2}] n={3}")
    @MethodSource("cases")
    void vectorKernelMatchesScalarTwin(String format, int rows, int cols, int n) {
        Random rnd = new Random(31L * rows + 7L * cols + n + format.hashCode());
        DType dtype = switch (format) {
            case "f32", "q8" -> DType.F32;
            case "f16" -> DType.F16;
            default -> DType.BF16;
        };
        Tensor t = TestTensors.random(dtype, rows, cols, 0.5f, rnd);
        WeightMatrix fast = WeightMatrices.quantize(t, format.startsWith("q") ? format : "none");
        WeightMatrix twin = WeightMatrices.scalarTwin(fast, t);
        assertThat(fast.format()).isEqualTo(format);
        float[] x = TestTensors.activations(n, cols, rnd);

        float[] expected = new float[n * rows];
        twin.multiply(x, n, expected, rows, 0, rows);
        float[] single = new float[n * rows];
        fast.multiply(x, n, single, rows, 0, rows);
        float[] threaded = new float[n * rows];
        MATMUL.multiply(fast, x, n, threaded);

        float[] w = new float[cols];
        for (int r = 0; r < rows; r++) {
            twin.row(r, w, 0);
            for (int tk = 0; tk < n; tk++) {
                double magnitude = 0;
                for (int c = 0; c < cols; c++) {
                    magnitude += Math.abs((double) w[c] * x[tk * cols + c]);
                }
                double bound = (format.equals("bf16") ? Math.max(1e-5, (cols + 1) * 0x1p-24) : 1e-5) * magnitude + 1e-30;
                int i = tk * rows + r;
                assertThat((double) Math.abs(single[i] - expected[i])).as("row %d token %d", r, tk).isLessThanOrEqualTo(bound);
                assertThat(threaded[i]).as("threaded row %d token %d", r, tk).isEqualTo(single[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("formatsAndTokens")
    void rowRangesAndOutputStrideWriteOnlyTheirSlots(String format, int n) {
        Random rnd = new Random(format.hashCode() + n);
        int rows = 45;
        int cols = 70;
        Tensor t = TestTensors.random(format.equals("f16") ? DType.F16 : DType.BF16, rows, cols, 1f, rnd);
        WeightMatrix fast = WeightMatrices.quantize(t, format.startsWith("q") ? format : "none");
        WeightMatrix twin = WeightMatrices.scalarTwin(fast, t);
        float[] x = TestTensors.activations(n, cols, rnd);
        int stride = 50;
        float[] out = new float[n * stride];
        java.util.Arrays.fill(out, Float.NaN);
        fast.multiply(x, n, out, stride, 6, 19);
        float[] expected = new float[n * rows];
        twin.multiply(x, n, expected, rows, 0, rows);
        for (int tk = 0; tk < n; tk++) {
            for (int r = 0; r < stride; r++) {
                float v = out[tk * stride + r];
                if (r >= 6 && r < 19) {
                    assertThat(v).isCloseTo(expected[tk * rows + r], org.assertj.core.data.Offset.offset(1e-3f));
                } else {
                    assertThat(v).as("untouched slot %d of token %d", r, tk).isNaN();
                }
            }
        }
    }

    /** 5 tokens: the 4-token tiles; 70: for q8 and q4, prefill over rows converted to f32 in blocks. */
    static Stream<Arguments> formatsAndTokens() {
        return formats().flatMap(f -> Stream.of(Arguments.of(f, 5), Arguments.of(f, 70)));
    }

    static Stream<String> formats() {
        return Stream.of("bf16", "f16", "q8", "q4");
    }
}

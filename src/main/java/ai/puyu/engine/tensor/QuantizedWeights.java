package ai.puyu.engine.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * Block-quantized weights held off-heap: every row is cut into blocks of 32 columns (the last one
 * zero-padded), each block stores one f16 scale d and 32 small signed integers q, and W[r, c] ≈ q d.
 *
 * <ul>
 * <li>q8 (like Q8_0): d = max|w| / 127, q = round(w / d) in [-127, 127], one byte each.
 *     Error per weight at most d / 2.</li>
 * <li>q4 (like Q4_0): d = -m / 8 where m is the block's value of largest magnitude, q = round(w / d)
 *     clamped to [-8, 7], two per byte as signed nibbles: byte j of a block holds element j in its low
 *     nibble and element j + 16 in its high nibble. Error at most |d| / 2, or |d| for the rare
 *     element of sign opposite to m that rounds to +8 and is clamped to 7.</li>
 * </ul>
 * Quantization uses the f16-rounded scale, so dequantization reproduces exactly what the kernels use.
 *
 * @param format       "q8" or "q4"
 * @param rows         rows of W
 * @param cols         columns of W
 * @param blocks       blocks per row: ceil(cols / 32)
 * @param quants       [rows, blocks * bytesPerBlock] the integers
 * @param scales       [rows, blocks] f16 scales
 * @param bytesPerBlock 32 for q8, 16 for q4
 */
public record QuantizedWeights(String format, int rows, int cols, int blocks, MemorySegment quants, MemorySegment scales,
        int bytesPerBlock) {

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int ROWS_PER_TASK = 64;

    /** Scale of block b of row r as float32. */
    public float scale(int r, int b) {
        return Float.float16ToFloat(scales.get(U16, ((long) r * blocks + b) * 2));
    }

    /** The integer for W[r, c]. */
    public int quant(int r, int c) {
        int b = c / Vectors.BLOCK;
        int j = c % Vectors.BLOCK;
        long base = ((long) r * blocks + b) * bytesPerBlock;
        if (bytesPerBlock == Vectors.BLOCK) {
            return quants.get(ValueLayout.JAVA_BYTE, base + j);
        }
        byte packed = quants.get(ValueLayout.JAVA_BYTE, base + j % 16);
        return j < 16 ? (byte) (packed << 4) >> 4 : packed >> 4;
    }

    /** The dequantized W[r, c]. */
    public float get(int r, int c) {
        return quant(r, c) * scale(r, c / Vectors.BLOCK);
    }

    /** Bytes held: quants plus scales. */
    public long byteSize() {
        return quants.byteSize() + scales.byteSize();
    }

    /** Quantizes an f32/bf16/f16 matrix to q8, rows in parallel, into memory freed with the result. */
    public static QuantizedWeights q8(Tensor t) {
        return quantize(t, "q8", 32);
    }

    /** Quantizes an f32/bf16/f16 matrix to q4, rows in parallel, into memory freed with the result. */
    public static QuantizedWeights q4(Tensor t) {
        return quantize(t, "q4", 16);
    }

    private static QuantizedWeights quantize(Tensor t, String format, int bytesPerBlock) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("tensor " + t + " is not a matrix");
        }
        int rows = t.rows();
        int cols = t.cols();
        int blocks = (cols + Vectors.BLOCK - 1) / Vectors.BLOCK;
        Arena arena = Arena.ofAuto();
        MemorySegment quants = arena.allocate((long) rows * blocks * bytesPerBlock, 64);
        MemorySegment scales = arena.allocate((long) rows * blocks * 2, 64);
        QuantizedWeights q = new QuantizedWeights(format, rows, cols, blocks, quants, scales, bytesPerBlock);
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            float[] w = new float[Vectors.BLOCK];
            int end = Math.min(rows, (task + 1) * ROWS_PER_TASK);
            for (int r = task * ROWS_PER_TASK; r < end; r++) {
                for (int b = 0; b < blocks; b++) {
                    int c0 = b * Vectors.BLOCK;
                    for (int j = 0; j < Vectors.BLOCK; j++) {
                        w[j] = c0 + j < cols ? ScalarMatrix.get(t, (long) r * cols + c0 + j) : 0f;
                    }
                    if (bytesPerBlock == Vectors.BLOCK) {
                        q.putQ8Block(r, b, w);
                    } else {
                        q.putQ4Block(r, b, w);
                    }
                }
            }
        });
        return q;
    }

    private void putQ8Block(int r, int b, float[] w) {
        float amax = 0f;
        for (float v : w) {
            amax = Math.max(amax, Math.abs(v));
        }
        float d = putScale(r, b, amax / 127f);
        long base = ((long) r * blocks + b) * bytesPerBlock;
        for (int j = 0; j < Vectors.BLOCK; j++) {
            int v = d == 0f ? 0 : Math.clamp(Math.round(w[j] / d), -127, 127);
            quants.set(ValueLayout.JAVA_BYTE, base + j, (byte) v);
        }
    }

    private void putQ4Block(int r, int b, float[] w) {
        float m = 0f;
        for (float v : w) {
            if (Math.abs(v) > Math.abs(m)) {
                m = v;
            }
        }
        float d = putScale(r, b, -m / 8f);
        long base = ((long) r * blocks + b) * bytesPerBlock;
        for (int j = 0; j < 16; j++) {
            int lo = d == 0f ? 0 : Math.clamp(Math.round(w[j] / d), -8, 7);
            int hi = d == 0f ? 0 : Math.clamp(Math.round(w[j + 16] / d), -8, 7);
            quants.set(ValueLayout.JAVA_BYTE, base + j, (byte) ((lo & 0xF) | (hi << 4)));
        }
    }

    /** Stores the scale as f16 and returns the stored value, which quantization must use. */
    private float putScale(int r, int b, float d) {
        short h = Float.floatToFloat16(d);
        scales.set(U16, ((long) r * blocks + b) * 2, h);
        return Float.float16ToFloat(h);
    }
}

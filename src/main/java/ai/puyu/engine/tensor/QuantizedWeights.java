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
 *     clamped to [-8, 7], as 4-bit two's complement. Error at most |d| / 2, or |d| for the rare
 *     element of sign opposite to m that rounds to +8 and is clamped to 7.</li>
 * </ul>
 * Quantization uses the f16-rounded scale, so dequantization reproduces exactly what the kernels use.
 *
 * <p>Layout, chosen so that a kernel streams one contiguous run of memory and unpacks with a few
 * register operations: rows are taken in pairs, columns in superblocks of L blocks (32 L columns, L the
 * float vector length), and lane i of every vector holds block i of the superblock. For each pair and
 * superblock, in order: row 0's quants, row 1's quants ({@link #rowBytes} each), then L 32-bit lanes
 * holding row 0's f16 scale of block i in the low half and row 1's in the high half. Quants: q8 as 32
 * byte vectors of L lanes (vector e holds element e of every block); q4 as 4 int vectors of L lanes
 * (vector m, lane i, bits 4k..4k+3 hold element 8m + k of block i). Rows and superblocks past the matrix
 * are zero. The kernels read activations transposed to match ({@link QuantizedMatrix#prepare}).
 *
 * @param format       "q8" or "q4"
 * @param rows         rows of W
 * @param cols         columns of W
 * @param blocks       blocks per row: ceil(cols / 32)
 * @param superblocks  superblocks per row: ceil(blocks / L)
 * @param data         [ceil(rows / 2), superblocks, pairBytes] the quants and scales
 */
public record QuantizedWeights(String format, int rows, int cols, int blocks, int superblocks, MemorySegment data) {

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int L = Vectors.L;
    private static final int BLOCK = Vectors.BLOCK;
    private static final int PAIRS_PER_TASK = 32;

    /** Bits per quant: 8 or 4. */
    int bits() {
        return format.equals("q8") ? 8 : 4;
    }

    /** Bytes of one row's quants in one superblock. */
    static int rowBytes(int bits) {
        return BLOCK * L * bits / 8;
    }

    /** Bytes of one row pair's quants and scales in one superblock. */
    static int pairBytes(int bits) {
        return 2 * rowBytes(bits) + 4 * L;
    }

    /** Byte offset of row r's data in superblock s. */
    long rowBase(int r, int s) {
        return ((long) (r >> 1) * superblocks + s) * pairBytes(bits()) + (long) (r & 1) * rowBytes(bits());
    }

    /** Scale of block b of row r as float32. */
    public float scale(int r, int b) {
        long pair = ((long) (r >> 1) * superblocks + b / L) * pairBytes(bits());
        return Float.float16ToFloat(data.get(U16, pair + 2L * rowBytes(bits()) + 4L * (b % L) + 2L * (r & 1)));
    }

    /** The integer for W[r, c]. */
    public int quant(int r, int c) {
        int b = c / BLOCK;
        int e = c % BLOCK;
        int i = b % L;
        long base = rowBase(r, b / L);
        if (bits() == 8) {
            return data.get(ValueLayout.JAVA_BYTE, base + (long) e * L + i);
        }
        int word = data.get(I32, base + 4L * ((e / 8) * L + i));
        return word << (28 - 4 * (e % 8)) >> 28;
    }

    /** The dequantized W[r, c]. */
    public float get(int r, int c) {
        return quant(r, c) * scale(r, c / BLOCK);
    }

    /** Bytes held: quants plus scales (with padding rows and columns). */
    public long byteSize() {
        return data.byteSize();
    }

    /** Quantizes an f32/bf16/f16 matrix to q8, rows in parallel, into memory freed with the result. */
    public static QuantizedWeights q8(Tensor t) {
        return quantize(t, "q8");
    }

    /** Quantizes an f32/bf16/f16 matrix to q4, rows in parallel, into memory freed with the result. */
    public static QuantizedWeights q4(Tensor t) {
        return quantize(t, "q4");
    }

    private static QuantizedWeights quantize(Tensor t, String format) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("tensor " + t + " is not a matrix");
        }
        int rows = t.rows();
        int cols = t.cols();
        int blocks = (cols + BLOCK - 1) / BLOCK;
        int superblocks = (blocks + L - 1) / L;
        int pairs = (rows + 1) / 2;
        int bits = format.equals("q8") ? 8 : 4;
        MemorySegment data = OffHeap.allocate(Arena.ofAuto(), (long) pairs * superblocks * pairBytes(bits));
        QuantizedWeights q = new QuantizedWeights(format, rows, cols, blocks, superblocks, data);
        int tasks = (pairs + PAIRS_PER_TASK - 1) / PAIRS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            float[] w = new float[BLOCK];
            int end = Math.min(rows, (task + 1) * PAIRS_PER_TASK * 2);
            for (int r = task * PAIRS_PER_TASK * 2; r < end; r++) {
                for (int b = 0; b < blocks; b++) {
                    int c0 = b * BLOCK;
                    for (int j = 0; j < BLOCK; j++) {
                        w[j] = c0 + j < cols ? ScalarMatrix.get(t, (long) r * cols + c0 + j) : 0f;
                    }
                    if (bits == 8) {
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
        long base = rowBase(r, b / L) + b % L;
        for (int e = 0; e < BLOCK; e++) {
            int v = d == 0f ? 0 : Math.clamp(Math.round(w[e] / d), -127, 127);
            data.set(ValueLayout.JAVA_BYTE, base + (long) e * L, (byte) v);
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
        long base = rowBase(r, b / L) + 4L * (b % L);
        for (int word = 0; word < BLOCK / 8; word++) {
            int packed = 0;
            for (int k = 0; k < 8; k++) {
                int v = d == 0f ? 0 : Math.clamp(Math.round(w[8 * word + k] / d), -8, 7);
                packed |= (v & 0xF) << (4 * k);
            }
            data.set(I32, base + 4L * word * L, packed);
        }
    }

    /** Stores the scale as f16 and returns the stored value, which quantization must use. */
    private float putScale(int r, int b, float d) {
        short h = Float.floatToFloat16(d);
        long pair = ((long) (r >> 1) * superblocks + b / L) * pairBytes(bits());
        data.set(U16, pair + 2L * rowBytes(bits()) + 4L * (b % L) + 2L * (r & 1), h);
        return Float.float16ToFloat(h);
    }
}

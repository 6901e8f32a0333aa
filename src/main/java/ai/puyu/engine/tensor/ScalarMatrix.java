package ai.puyu.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The plain scalar twin for f32, bf16 and f16 weights: one element at a time, no vectors, no tricks.
 * Fast kernels are tested against it.
 */
public final class ScalarMatrix implements WeightMatrix {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Tensor tensor; // [rows, cols]
    private final int rows;
    private final int cols;

    public ScalarMatrix(Tensor tensor) {
        if (tensor.rank() != 2) {
            throw new IllegalArgumentException(tensor + " is not a matrix");
        }
        this.tensor = tensor;
        this.rows = tensor.rows();
        this.cols = tensor.cols();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public String format() {
        return tensor.dtype().name().toLowerCase();
    }

    @Override
    public long byteSize() {
        return tensor.data().byteSize();
    }

    /** Element i (row-major) of a tensor, as float32. */
    public static float get(Tensor t, long i) {
        MemorySegment d = t.data();
        return switch (t.dtype()) {
            case F32 -> d.get(F32, i * 4);
            case BF16 -> bf16ToFloat(d.get(U16, i * 2));
            case F16 -> Float.float16ToFloat(d.get(U16, i * 2));
        };
    }

    /** bfloat16 bits to float32: the bf16 bits are the upper half of the float's. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    @Override
    public void multiply(float[] x, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        for (int t = 0; t < n; t++) {
            for (int r = rowStart; r < rowEnd; r++) {
                double sum = 0;
                long base = (long) r * cols;
                for (int c = 0; c < cols; c++) {
                    sum += (double) get(tensor, base + c) * x[t * cols + c];
                }
                out[t * outStride + r] = (float) sum;
            }
        }
    }

    @Override
    public void row(int r, float[] dst, int dstOffset) {
        row(tensor, r, dst, dstOffset);
    }

    /** Row r of a [rows, cols] tensor, as float32, into dst[dstOffset ..]. */
    public static void row(Tensor t, int r, float[] dst, int dstOffset) {
        int cols = t.cols();
        long base = (long) r * cols;
        for (int c = 0; c < cols; c++) {
            dst[dstOffset + c] = get(t, base + c);
        }
    }
}

package ai.puyu.engine.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/** Random off-heap tensors for kernel tests. */
public final class TestTensors {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TestTensors() {
    }

    /** A [rows, cols] tensor of gaussian values (scaled by {@code scale}) stored as dtype. */
    public static Tensor random(DType dtype, int rows, int cols, float scale, Random rnd) {
        long count = (long) rows * cols;
        MemorySegment seg = Arena.ofAuto().allocate(count * dtype.bytes(), 64);
        for (long i = 0; i < count; i++) {
            float v = (float) rnd.nextGaussian() * scale;
            switch (dtype) {
                case F32 -> seg.set(F32, i * 4, v);
                case BF16 -> seg.set(U16, i * 2, (short) (Float.floatToRawIntBits(v) >>> 16));
                case F16 -> seg.set(U16, i * 2, Float.floatToFloat16(v));
            }
        }
        return new Tensor("test." + dtype + "." + rows + "x" + cols, dtype, new long[] {rows, cols}, seg);
    }

    /** n * cols gaussian activations. */
    public static float[] activations(int n, int cols, Random rnd) {
        float[] x = new float[n * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}

package ai.puyu.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A named, typed, row-major array of weights whose bytes live outside the Java heap
 * (usually a slice of a memory-mapped safetensors file). Elements are little-endian.
 *
 * @param name  tensor name in the checkpoint, e.g. {@code model.layers.0.attention.wqkv.weight}
 * @param dtype storage format
 * @param shape dimensions, outermost first
 * @param data  the bytes: exactly {@code elementCount() * dtype.bytes()} of them
 */
public record Tensor(String name, DType dtype, long[] shape, MemorySegment data) {

    public Tensor {
        shape = shape.clone();
        long expected = Math.multiplyExact(count(shape), (long) dtype.bytes());
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("tensor " + name + ": " + data.byteSize()
                    + " bytes of data for shape " + Arrays.toString(shape) + " " + dtype + " (expected " + expected + ")");
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    public long elementCount() {
        return count(shape);
    }

    /** Rows of a matrix (the first dimension), 1 for a vector. */
    public int rows() {
        return shape.length == 1 ? 1 : Math.toIntExact(shape[0]);
    }

    /** Columns of a matrix (the last dimension). */
    public int cols() {
        return Math.toIntExact(shape[shape.length - 1]);
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}

package ai.puyu.engine.format;

import java.util.Arrays;

/**
 * One tensor as a safetensors header describes it.
 *
 * @param name  tensor name
 * @param dtype dtype string from the header (e.g. {@code BF16}, {@code I8})
 * @param shape dimensions, outermost first
 * @param begin first byte, relative to the start of the data section
 * @param end   one past the last byte, relative to the start of the data section
 */
public record SafetensorsEntry(String name, String dtype, long[] shape, long begin, long end) {

    public SafetensorsEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Bytes the header says the tensor occupies. */
    public long byteSize() {
        return end - begin;
    }

    /** Elements of the shape (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}

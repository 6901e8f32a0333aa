package ai.puyu.engine.model.demo;

import ai.puyu.engine.format.SafetensorsWriter;
import ai.puyu.engine.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Deterministic random weights, streamed chunk by chunk. Values come from a counter-based generator:
 * element k of a tensor depends only on the seed, the tensor name and k, so the output does not
 * depend on chunk sizes. Matrices are uniform with standard deviation 0.02; norm weights are 1 ± 0.05.
 */
final class DemoWeights implements SafetensorsWriter.DataSource {

    static final double MATRIX_STD = 0.02;
    static final double NORM_SPREAD = 0.05;
    private static final int CHUNK_BYTES = 8 << 20;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    DemoWeights(long seed) {
        this.seed = seed;
    }

    @Override
    public void write(SafetensorsWriter.Spec spec, SafetensorsWriter.Sink sink) throws IOException {
        DType dtype = DType.fromSafetensors(spec.dtype());
        boolean norm = spec.name().endsWith("norm.weight");
        float center = norm ? 1f : 0f;
        // uniform on [-a, a) has standard deviation a / sqrt(3)
        float amplitude = (float) (norm ? NORM_SPREAD : MATRIX_STD * Math.sqrt(3));
        long tensorSeed = mix(seed ^ mix(spec.name().hashCode() * GOLDEN + spec.name().length()));
        long count = spec.elementCount();
        int perChunk = CHUNK_BYTES / dtype.bytes();
        for (long start = 0; start < count; start += perChunk) {
            int n = (int) Math.min(perChunk, count - start);
            buffer.clear();
            fill(dtype, tensorSeed, start, n, center, amplitude);
            buffer.flip();
            sink.put(buffer);
        }
    }

    private void fill(DType dtype, long tensorSeed, long start, int n, float center, float amplitude) {
        float scale = amplitude / 32768f;
        long bits = 0;
        for (int i = 0; i < n; i++) {
            long k = start + i;
            int lane = (int) (k & 3);
            if (lane == 0 || i == 0) {
                bits = mix(tensorSeed + (k >>> 2) * GOLDEN);
            }
            int u = (int) ((bits >>> (16 * lane)) & 0xFFFF) - 32768;
            float v = center + u * scale;
            switch (dtype) {
                case BF16 -> buffer.putShort(i * 2, toBf16(v));
                case F16 -> buffer.putShort(i * 2, Float.floatToFloat16(v));
                case F32 -> buffer.putFloat(i * 4, v);
            }
        }
        buffer.position(n * dtype.bytes());
    }

    /** Rounds to the nearest bfloat16 (ties to even); the inputs here are never NaN. */
    static short toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        bits += 0x7FFF + ((bits >>> 16) & 1);
        return (short) (bits >>> 16);
    }

    /** The SplitMix64 finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package ai.puyu.engine.kv;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Symmetric int8 quantization of one KV vector (see {@link KvDType#INT8}). */
public final class Int8 {

    private Int8() {
    }

    /**
     * Writes round(x[i] / s) (in [-127, 127]) for i &lt; n as bytes to dst[at + i] and returns the scale
     * s = max|x| / 127 (0 for an all-zero vector, whose bytes are then 0), so that x[i] ~ s * q[i].
     */
    public static float quantize(float[] x, int xo, int n, MemorySegment dst, long at) {
        float max = 0f;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(x[xo + i]));
        }
        float scale = max / 127f;
        float inverse = max == 0f ? 0f : 127f / max;
        for (int i = 0; i < n; i++) {
            int q = Math.round(x[xo + i] * inverse);
            dst.set(ValueLayout.JAVA_BYTE, at + i, (byte) Math.max(-127, Math.min(127, q)));
        }
        return scale;
    }
}

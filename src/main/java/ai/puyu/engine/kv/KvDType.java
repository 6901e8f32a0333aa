package ai.puyu.engine.kv;

import java.util.Locale;

/**
 * How the KV cache stores keys and values ({@code puyu.engine.kv-cache-dtype}): {@code f32} as computed, or
 * {@code int8}, each (position, KV head) vector of D values as signed bytes q = round(v / s) with its own float32
 * scale s = max|v| / 127 (symmetric, per token and per head): a quarter of the memory (plus 4 bytes per head and
 * position), so four times the tokens fit in the same budget. CPU backend only.
 */
public enum KvDType {
    F32,
    INT8;

    /** {@code f32} or {@code int8} (case-insensitive); anything else is refused with a message naming both. */
    public static KvDType parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
            case "f32", "float32", "fp32" -> F32;
            case "int8", "i8" -> INT8;
            default -> throw new IllegalArgumentException("unknown KV cache dtype '" + s + "': use f32 or int8");
        };
    }

    /** The name the configuration uses. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

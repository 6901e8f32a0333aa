package ai.puyu.engine.tensor;

/** Storage formats of weights, as named in safetensors headers where they come from a file. */
public enum DType {
    F32("F32", 4),
    F16("F16", 2),
    BF16("BF16", 2);

    private final String safetensorsName;
    private final int bytes;

    DType(String safetensorsName, int bytes) {
        this.safetensorsName = safetensorsName;
        this.bytes = bytes;
    }

    /** The dtype string used in safetensors headers. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype a safetensors header names, or null when Puyu does not support it. */
    public static DType fromSafetensors(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}

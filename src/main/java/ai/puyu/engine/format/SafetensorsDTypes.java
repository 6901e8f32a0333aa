package ai.puyu.engine.format;

import java.util.Map;

/** Element sizes of every dtype the safetensors format defines (Puyu computes with only some of them). */
final class SafetensorsDTypes {

    private static final Map<String, Integer> BYTES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
            Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1), Map.entry("F8_E8M0", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
            Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));

    private SafetensorsDTypes() {
    }

    /** Bytes per element, or -1 for a name the format does not define. */
    static int bytes(String dtype) {
        Integer n = BYTES.get(dtype);
        return n == null ? -1 : n;
    }
}

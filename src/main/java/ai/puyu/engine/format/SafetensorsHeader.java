package ai.puyu.engine.format;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parsed JSON header of a safetensors file: tensor entries in file order and the optional
 * {@code __metadata__} string map. Every entry is checked against the size of the data section.
 *
 * @param entries  tensors by name, in header order
 * @param metadata the {@code __metadata__} map (empty when absent)
 */
public record SafetensorsHeader(Map<String, SafetensorsEntry> entries, Map<String, String> metadata) {

    /** Headers larger than this are refused as corrupt (the reference implementation uses the same bound). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.shared();

    public SafetensorsHeader {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        metadata = Map.copyOf(metadata);
    }

    /**
     * Parses header JSON and validates each entry against a data section of {@code dataSize} bytes.
     *
     * @param file     file name for error messages
     * @param json     the header bytes (UTF-8 JSON, possibly padded with trailing spaces)
     * @param dataSize bytes that follow the header in the file
     */
    static SafetensorsHeader parse(String file, byte[] json, long dataSize) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new SafetensorsException(file + ": corrupt safetensors header (not valid JSON: "
                    + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(file + ": corrupt safetensors header (the JSON is not an object)");
        }
        Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (name.equals("__metadata__")) {
                if (!node.isObject()) {
                    throw new SafetensorsException(file + ": corrupt safetensors header (__metadata__ is not an object)");
                }
                for (Map.Entry<String, JsonNode> m : node.properties()) {
                    metadata.put(m.getKey(), m.getValue().isString() ? m.getValue().stringValue() : m.getValue().toString());
                }
                continue;
            }
            entries.put(name, entry(file, name, node, dataSize));
        }
        return new SafetensorsHeader(entries, metadata);
    }

    private static SafetensorsEntry entry(String file, String name, JsonNode node, long dataSize) {
        String where = file + ": tensor " + name;
        if (!node.isObject()) {
            throw new SafetensorsException(where + ": corrupt header entry (not an object)");
        }
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isString()) {
            throw new SafetensorsException(where + ": corrupt header entry (no dtype)");
        }
        if (shape == null || !shape.isArray()) {
            throw new SafetensorsException(where + ": corrupt header entry (no shape)");
        }
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw new SafetensorsException(where + ": corrupt header entry (data_offsets must be [begin, end])");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0) {
                throw new SafetensorsException(where + ": corrupt header entry (shape " + shape + ")");
            }
            dims[i] = d.asLong();
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw new SafetensorsException(where + ": corrupt header entry (data_offsets [" + begin + ", " + end + "])");
        }
        SafetensorsEntry entry = new SafetensorsEntry(name, dtype.stringValue(), dims, begin, end);
        int elementBytes = SafetensorsDTypes.bytes(entry.dtype());
        if (elementBytes < 0) {
            throw new SafetensorsException(where + ": unknown dtype " + entry.dtype());
        }
        long expected;
        try {
            expected = Math.multiplyExact(entry.elementCount(), (long) elementBytes);
        } catch (ArithmeticException e) {
            throw new SafetensorsException(where + ": corrupt header entry (shape " + shape + " overflows)");
        }
        if (entry.byteSize() != expected) {
            throw new SafetensorsException(where + ": data_offsets [" + begin + ", " + end + "] hold "
                    + entry.byteSize() + " bytes but shape " + shape + " " + entry.dtype() + " needs " + expected);
        }
        if (end > dataSize) {
            throw new SafetensorsException(where + ": the file is truncated (the tensor ends at data byte " + end
                    + " but the file holds only " + dataSize + " bytes of data)");
        }
        return entry;
    }
}

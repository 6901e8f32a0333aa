package ai.puyu.engine.model;

import ai.puyu.engine.format.SafetensorsException;
import ai.puyu.engine.format.SafetensorsFile;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The safetensors files of a checkpoint, mapped into one arena: either {@code model.safetensors}
 * or the shards named by {@code model.safetensors.index.json}; knows which file holds which tensor.
 */
final class WeightFiles {

    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";

    private final Map<String, SafetensorsFile> byTensor;
    private final Map<String, SafetensorsFile> files;
    private final String source;

    private WeightFiles(Map<String, SafetensorsFile> byTensor, Map<String, SafetensorsFile> files, String source) {
        this.byTensor = byTensor;
        this.files = files;
        this.source = source;
    }

    /** Opens the weight files of {@code dir}; every referenced file must exist and have a valid header. */
    static WeightFiles open(Path dir, Arena arena) {
        Path index = dir.resolve(INDEX);
        Path single = dir.resolve(SINGLE);
        if (Files.exists(index)) {
            return openSharded(dir, index, arena);
        }
        if (Files.exists(single)) {
            SafetensorsFile file = map(single, arena);
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            file.entries().keySet().forEach(name -> byTensor.put(name, file));
            return new WeightFiles(byTensor, Map.of(SINGLE, file), SINGLE);
        }
        boolean pickle;
        try (var list = Files.list(dir)) {
            pickle = list.anyMatch(p -> p.getFileName().toString().endsWith(".bin"));
        } catch (java.io.IOException e) {
            pickle = false;
        }
        throw new CheckpointException(dir + ": no " + SINGLE + " and no " + INDEX
                + (pickle ? " (pytorch_model*.bin pickles are not supported: convert them to safetensors)" : ""));
    }

    private static WeightFiles openSharded(Path dir, Path index, Arena arena) {
        CheckpointJson json = CheckpointJson.read(index);
        JsonNode map = json.node("weight_map");
        if (map == null || !map.isObject()) {
            throw new CheckpointException(INDEX + ": missing key weight_map");
        }
        Map<String, SafetensorsFile> files = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String tensor = e.getKey();
            if (!e.getValue().isString()) {
                throw new CheckpointException(INDEX + ": weight_map entry for " + tensor + " is not a file name");
            }
            String shard = e.getValue().stringValue();
            SafetensorsFile file = files.get(shard);
            if (file == null) {
                Path path = dir.resolve(shard).normalize();
                if (!path.startsWith(dir.normalize()) || !Files.isRegularFile(path)) {
                    throw new CheckpointException(shard + ": missing from " + dir + " (" + INDEX
                            + " maps tensor " + tensor + " to it)");
                }
                file = map(path, arena);
                files.put(shard, file);
            }
            byTensor.put(tensor, file);
        }
        return new WeightFiles(byTensor, files, INDEX);
    }

    private static SafetensorsFile map(Path path, Arena arena) {
        try {
            return SafetensorsFile.open(path, arena);
        } catch (SafetensorsException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
    }

    /** The file that should hold {@code tensor}, or null when no file (or the index) names it. */
    SafetensorsFile fileOf(String tensor) {
        return byTensor.get(tensor);
    }

    /** Names present in the files (or the index) that {@code expected} does not contain. */
    List<String> unexpected(Collection<String> expected) {
        List<String> out = new ArrayList<>();
        for (String name : byTensor.keySet()) {
            if (!expected.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** {@code model.safetensors} or {@code model.safetensors.index.json}: where names are looked up. */
    String source() {
        return source;
    }

    /** The mapped files by file name. */
    Collection<SafetensorsFile> files() {
        return files.values();
    }
}

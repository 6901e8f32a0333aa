package ai.puyu.engine.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What {@code config.json} says: the hyperparameters, the dtype the weights were saved in, and
 * whether Puyu generated the checkpoint as a demo.
 *
 * @param model      the hyperparameters
 * @param torchDtype {@code torch_dtype} as written (e.g. "bfloat16"), or null when absent
 * @param demo       true when {@code "puyu_demo": true} marks a generated model with random weights
 */
public record CheckpointConfig(ModelConfig model, String torchDtype, boolean demo) {

    /** The architecture Puyu runs, as {@code config.json} names it. */
    public static final String ARCHITECTURE = "InternLM2ForCausalLM";
    /** The {@code model_type} of InternLM2 checkpoints. */
    public static final String MODEL_TYPE = "internlm2";

    /** Reads and checks {@code config.json}. */
    public static CheckpointConfig read(Path configJson) {
        CheckpointJson json = CheckpointJson.read(configJson);
        String file = json.file();
        checkArchitecture(json);
        if (json.booleanOr("bias", false)) {
            throw new CheckpointException(file + ": bias true is not supported (InternLM2 has no biases)");
        }
        if (json.booleanOr("tie_word_embeddings", false)) {
            throw new CheckpointException(file + ": tie_word_embeddings true is not supported (InternLM2 unties them)");
        }
        String act = json.stringOr("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new CheckpointException(file + ": hidden_act " + act + " is not supported (expected silu)");
        }
        int h = json.requiredInt("hidden_size");
        int heads = json.requiredInt("num_attention_heads");
        String ropeType = null;
        double ropeFactor = 1.0;
        JsonNode scaling = json.node("rope_scaling");
        if (scaling != null) {
            if (!scaling.isObject()) {
                throw new CheckpointException(file + ": rope_scaling must be an object, found " + scaling);
            }
            JsonNode type = scaling.has("type") ? scaling.get("type") : scaling.get("rope_type");
            ropeType = type == null || type.isNull() ? null : type.asString();
            if (ropeType != null && !ropeType.equals("dynamic") && !ropeType.equals("linear")) {
                throw new CheckpointException(file + ": rope_scaling type " + ropeType
                        + " is not supported (dynamic or linear)");
            }
            JsonNode factor = scaling.get("factor");
            if (factor != null && !factor.isNull()) {
                if (!factor.isNumber()) {
                    throw new CheckpointException(file + ": rope_scaling factor must be a number, found " + factor);
                }
                ropeFactor = factor.asDouble();
            }
        }
        ModelConfig model;
        try {
            model = new ModelConfig(
                    h,
                    json.requiredInt("num_hidden_layers"),
                    heads,
                    json.intOr("num_key_value_heads", heads),
                    json.requiredInt("intermediate_size"),
                    json.requiredInt("vocab_size"),
                    json.doubleOr("rope_theta", 10000),
                    json.requiredInt("max_position_embeddings"),
                    json.doubleOr("rms_norm_eps", 1e-6),
                    ropeType,
                    ropeFactor,
                    json.intOr("bos_token_id", 1),
                    firstId(json, "eos_token_id", 2),
                    json.intOr("pad_token_id", 2));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage());
        }
        return new CheckpointConfig(model, json.stringOr("torch_dtype", null), json.booleanOr("puyu_demo", false));
    }

    private static void checkArchitecture(CheckpointJson json) {
        String file = json.file();
        JsonNode archs = json.node("architectures");
        String modelType = json.stringOr("model_type", null);
        List<String> names = new ArrayList<>();
        if (archs != null) {
            if (!archs.isArray()) {
                throw new CheckpointException(file + ": architectures must be a list, found " + archs);
            }
            archs.forEach(a -> names.add(a.asString()));
        }
        if (names.contains(ARCHITECTURE)) {
            return;
        }
        if (names.isEmpty() && MODEL_TYPE.equals(modelType)) {
            return;
        }
        String found = !names.isEmpty() ? "architecture " + String.join(", ", names)
                : modelType != null ? "model_type " + modelType : "no architectures and no model_type";
        throw new CheckpointException(file + ": " + found + " is not supported (Puyu runs " + ARCHITECTURE
                + ", model_type " + MODEL_TYPE + ")");
    }

    /** An id key that may hold an integer or a list of integers (the first is returned). */
    static int firstId(CheckpointJson json, String key, int fallback) {
        List<Integer> ids = ids(json, key);
        return ids.isEmpty() ? fallback : ids.getFirst();
    }

    static List<Integer> ids(CheckpointJson json, String key) {
        JsonNode n = json.node(key);
        List<Integer> ids = new ArrayList<>();
        if (n == null) {
            return ids;
        }
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isIntegralNumber()) {
                    throw new CheckpointException(json.file() + ": " + key + " must hold integers, found " + n);
                }
                ids.add(e.asInt());
            }
        } else if (n.isIntegralNumber()) {
            ids.add(n.asInt());
        } else {
            throw new CheckpointException(json.file() + ": " + key + " must be an integer or a list, found " + n);
        }
        return ids;
    }
}

package ai.puyu.engine.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code generation_config.json} says: the ids that end generation and the sampling defaults
 * the model was published with (null where the file does not set them).
 *
 * @param stopTokenIds      {@code eos_token_id}, an integer or a list in the file (InternLM2 chat: [2, 92542])
 * @param temperature       default temperature, or null
 * @param topP              default top-p, or null
 * @param topK              default top-k, or null
 * @param repetitionPenalty default repetition penalty, or null
 * @param maxLength         default maximum length in tokens, or null
 */
public record GenerationConfig(List<Integer> stopTokenIds, Double temperature, Double topP, Integer topK,
                               Double repetitionPenalty, Integer maxLength) {

    public GenerationConfig {
        stopTokenIds = List.copyOf(stopTokenIds);
    }

    /** Reads {@code generation_config.json}; without it, stops on {@code config}'s eos id only. */
    public static GenerationConfig read(Path file, ModelConfig config) {
        if (!Files.exists(file)) {
            return new GenerationConfig(List.of(config.eosTokenId()), null, null, null, null, null);
        }
        CheckpointJson json = CheckpointJson.read(file);
        List<Integer> stops = new ArrayList<>(CheckpointConfig.ids(json, "eos_token_id"));
        if (stops.isEmpty()) {
            stops.add(config.eosTokenId());
        }
        for (int id : stops) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new CheckpointException(json.file() + ": eos_token_id " + id + " is outside the vocabulary of "
                        + config.vocabSize());
            }
        }
        return new GenerationConfig(stops, json.optionalDouble("temperature"), json.optionalDouble("top_p"),
                json.optionalInt("top_k"), json.optionalDouble("repetition_penalty"), json.optionalInt("max_length"));
    }
}

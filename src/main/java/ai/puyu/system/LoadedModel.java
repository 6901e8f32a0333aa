package ai.puyu.system;

import ai.puyu.engine.model.Checkpoint;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.tensor.DType;
import java.nio.file.Path;

/**
 * The checkpoint the server runs, opened once at startup; closing it unmaps the weights.
 *
 * @param name       display name (the checkpoint directory's name)
 * @param path       the checkpoint directory
 * @param demo       true for the generated demo model with random weights
 * @param dtype      storage format of the weights
 * @param parameters number of parameters
 * @param backend    where the forward pass runs: "cpu" or "cuda"
 * @param checkpoint the opened checkpoint (config, tokenizer files, mapped weights)
 */
public record LoadedModel(String name, Path path, boolean demo, DType dtype, long parameters, String backend,
                          Checkpoint checkpoint) implements AutoCloseable {

    /** How to serve a real model instead of the demo. */
    public static final String REAL_MODEL_HINT = "PUYU_MODEL=/path/to/internlm2-chat-1_8b ./puyu";

    static LoadedModel of(Checkpoint checkpoint, String backend) {
        return new LoadedModel(checkpoint.name(), checkpoint.directory().toAbsolutePath().normalize(),
                checkpoint.demo(), checkpoint.dtype(), checkpoint.parameterCount(), backend, checkpoint);
    }

    public ModelConfig config() {
        return checkpoint.config();
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}

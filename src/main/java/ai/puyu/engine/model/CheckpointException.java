package ai.puyu.engine.model;

/**
 * A checkpoint that cannot be loaded. The message is one line that names the file and, where it
 * applies, the tensor or config key, e.g. {@code model-00002-of-00002.safetensors: tensor
 * model.layers.3.attention.wo.weight has shape [2048, 1024], expected [2048, 2048]}.
 */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

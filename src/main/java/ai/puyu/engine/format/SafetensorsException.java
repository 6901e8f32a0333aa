package ai.puyu.engine.format;

/** A safetensors file that cannot be read: the message names the file and, where it applies, the tensor. */
public class SafetensorsException extends RuntimeException {

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}

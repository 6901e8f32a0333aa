package ai.puyu.chat;

/** Generation failed after it started (the engine's error); the partial reply is stored with status error. */
public class ChatGenerationException extends RuntimeException {

    public ChatGenerationException(String message) {
        super(message);
    }
}

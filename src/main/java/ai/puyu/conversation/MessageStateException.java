package ai.puyu.conversation;

/**
 * An operation that does not fit the messages' current state: a second reply while one is
 * streaming, finishing a reply that is not streaming, regenerating when the last message is not a
 * reply. The API answers 409.
 */
public class MessageStateException extends RuntimeException {

    public MessageStateException(String message) {
        super(message);
    }
}

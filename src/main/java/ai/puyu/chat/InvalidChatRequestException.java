package ai.puyu.chat;

/** A request refused before anything is stored or generated; {@link #param} names the offending field. */
public class InvalidChatRequestException extends RuntimeException {

    private final String param;
    private final String code;

    public InvalidChatRequestException(String param, String code, String message) {
        super(message);
        this.param = param;
        this.code = code;
    }

    public InvalidChatRequestException(String param, String message) {
        this(param, null, message);
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    /** A machine-readable code (e.g. {@code context_length_exceeded}), or null. */
    public String code() {
        return code;
    }
}

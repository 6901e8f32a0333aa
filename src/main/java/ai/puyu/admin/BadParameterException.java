package ai.puyu.admin;

/**
 * A request parameter (or body field) of the admin pages or API with a value they cannot use: answered
 * with HTTP 400 and a message that names the parameter.
 */
public class BadParameterException extends IllegalArgumentException {

    private final String parameter;

    /**
     * @param parameter the parameter's name as the client sent it
     * @param message   what is wrong, naming the parameter
     */
    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The parameter's name. */
    public String parameter() {
        return parameter;
    }
}

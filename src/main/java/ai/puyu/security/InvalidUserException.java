package ai.puyu.security;

/**
 * A user change was refused: bad input (HTTP 400), or a rule such as "not your own account" or "keep the last
 * administrator" (HTTP 409). The message says what is wrong in words fit for the page or the JSON error.
 */
public class InvalidUserException extends RuntimeException {

    private final String field;
    private final boolean rule;

    /** Bad input; {@code field} names it, or is null when the request as a whole is wrong. */
    public InvalidUserException(String field, String message) {
        this(field, message, false);
    }

    private InvalidUserException(String field, String message, boolean rule) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    /** A rule refused an otherwise well-formed change. */
    public static InvalidUserException rule(String message) {
        return new InvalidUserException(null, message, true);
    }

    /** The input at fault ({@code username}, {@code password}, {@code role}...), or null. */
    public String field() {
        return field;
    }

    /** True when a rule refused the change (a conflict), false for bad input. */
    public boolean isRule() {
        return rule;
    }
}

package ai.puyu.admin.review;

/** A conversation or message that does not exist (HTTP 404). */
public class ReviewNotFoundException extends RuntimeException {

    /** @param what what was not found, e.g. {@code conversation 42} */
    public ReviewNotFoundException(String what) {
        super(what + " does not exist");
    }
}

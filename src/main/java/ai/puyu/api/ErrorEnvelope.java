package ai.puyu.api;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}} (param and code may be null). */
record ErrorEnvelope(Body error) {

    /** The error itself. */
    record Body(String message, String type, String param, String code) {
    }

    static ErrorEnvelope of(String message, String type, String param, String code) {
        return new ErrorEnvelope(new Body(message, type, param, code));
    }
}

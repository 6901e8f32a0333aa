package ai.puyu.api;

import org.springframework.http.HttpStatus;

/** An error answered in OpenAI's envelope with this status, type, param and code. */
class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String param;
    private final String code;
    private final Integer retryAfterSeconds;

    ApiException(HttpStatus status, String type, String param, String code, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 invalid_request_error naming the field. */
    static ApiException invalid(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, null, message, null);
    }

    HttpStatus status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The body: {@code {"error": {"message", "type", "param", "code"}}}. */
    ErrorEnvelope envelope() {
        return ErrorEnvelope.of(getMessage(), type, param, code);
    }
}

package ai.puyu.admin;

import ai.puyu.admin.review.ReviewNotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Errors of the {@link AdminApi} controllers as JSON: {@code {"error": {"message": ..., "param": ...}}} with
 * 400 (a bad parameter, named), 404 (no such conversation or message) or 500 (logged, no details sent).
 */
@RestControllerAdvice(assignableTypes = AdminApi.class)
class AdminApiErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminApiErrors.class);

    @ExceptionHandler(BadParameterException.class)
    ResponseEntity<Map<String, Object>> badParameter(BadParameterException e) {
        return body(HttpStatus.BAD_REQUEST, e.getMessage(), e.parameter());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, Object>> badInput(ServerWebInputException e) {
        String param = e.getMethodParameter() == null ? null : e.getMethodParameter().getParameterName();
        return body(HttpStatus.BAD_REQUEST, param == null ? "bad request: " + e.getReason()
                : param + " is not valid: " + e.getReason(), param);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, Object>> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        status = status == null ? HttpStatus.BAD_REQUEST : status;
        return body(status, e.getReason() == null ? status.getReasonPhrase() : e.getReason(), null);
    }

    @ExceptionHandler(ReviewNotFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(ReviewNotFoundException e) {
        return body(HttpStatus.NOT_FOUND, e.getMessage(), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> failed(Exception e) {
        log.error("admin API request failed", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, "internal error (logged on the server)", null);
    }

    static ResponseEntity<Map<String, Object>> body(HttpStatus status, String message, String param) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("param", param);
        return ResponseEntity.status(status).body(Map.of("error", error));
    }
}

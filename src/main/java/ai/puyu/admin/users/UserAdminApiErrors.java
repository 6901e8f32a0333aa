package ai.puyu.admin.users;

import ai.puyu.admin.users.AdminViews.ErrorView;
import ai.puyu.security.InvalidUserException;
import ai.puyu.security.UserNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Errors of {@code /admin/api/users} and {@code /admin/api/keys} as {@code {"error": {"message", "param"}}}: 400 bad
 * input (naming the field), 404 no such user or key, 409 a rule refused the change.
 */
@RestControllerAdvice(assignableTypes = {UserAdminApiController.class, ApiKeyAdminApiController.class})
class UserAdminApiErrors {

    @ExceptionHandler
    ResponseEntity<ErrorView> invalid(InvalidUserException e) {
        HttpStatus status = e.isRule() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(ErrorView.of(e.getMessage(), e.field()));
    }

    @ExceptionHandler
    ResponseEntity<ErrorView> badKeyName(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ErrorView.of(e.getMessage(), "name"));
    }

    @ExceptionHandler({UserNotFoundException.class, KeyNotFoundException.class})
    ResponseEntity<ErrorView> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ErrorView.of(e.getMessage(), null));
    }

    @ExceptionHandler
    ResponseEntity<ErrorView> unreadable(ServerWebInputException e) {
        String message = e.getReason() == null ? "the request could not be read" : e.getReason();
        if (e.getMethodParameter() != null && e.getMethodParameter().hasParameterAnnotation(RequestBody.class)) {
            message = "the request body must be a JSON object";
        }
        return ResponseEntity.badRequest().body(ErrorView.of(message, null));
    }
}

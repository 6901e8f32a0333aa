package ai.puyu.admin;

import ai.puyu.admin.review.ReviewNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/** Errors of the {@link AdminPage} controllers as a page ({@code admin/error}) saying what went wrong. */
@ControllerAdvice(assignableTypes = AdminPage.class)
class AdminPageErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminPageErrors.class);

    @ExceptionHandler(BadParameterException.class)
    Rendering badParameter(BadParameterException e) {
        return page(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ReviewNotFoundException.class)
    Rendering notFound(ReviewNotFoundException e) {
        return page(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ResponseStatusException.class)
    Rendering status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        status = status == null ? HttpStatus.BAD_REQUEST : status;
        return page(status, e instanceof ServerWebInputException input && input.getMethodParameter() != null
                ? input.getMethodParameter().getParameterName() + " is not valid: " + input.getReason()
                : status.getReasonPhrase());
    }

    @ExceptionHandler(Exception.class)
    Rendering failed(Exception e) {
        log.error("admin page request failed", e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong; the details are in the server log.");
    }

    private static Rendering page(HttpStatus status, String message) {
        return Rendering.view("admin/error").status(status).modelAttribute("status", status.value())
                .modelAttribute("message", message).modelAttribute("title", status.getReasonPhrase()).build();
    }
}

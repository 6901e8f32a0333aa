package ai.puyu.admin;

import ai.puyu.admin.review.ReviewNotFoundException;
import ai.puyu.security.PageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Errors of the {@link AdminPage} controllers as a page ({@code admin/error}) saying what went wrong, with the top bar
 * of the signed-in person (an exception handler's model starts empty, so the security attributes are added here).
 */
@ControllerAdvice(assignableTypes = AdminPage.class)
class AdminPageErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminPageErrors.class);

    @ExceptionHandler(BadParameterException.class)
    Mono<Rendering> badParameter(BadParameterException e, ServerWebExchange exchange) {
        return page(exchange, HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ReviewNotFoundException.class)
    Mono<Rendering> notFound(ReviewNotFoundException e, ServerWebExchange exchange) {
        return page(exchange, HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ResponseStatusException.class)
    Mono<Rendering> status(ResponseStatusException e, ServerWebExchange exchange) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        status = status == null ? HttpStatus.BAD_REQUEST : status;
        return page(exchange, status, e instanceof ServerWebInputException input && input.getMethodParameter() != null
                ? input.getMethodParameter().getParameterName() + " is not valid: " + input.getReason()
                : status.getReasonPhrase());
    }

    @ExceptionHandler(Exception.class)
    Mono<Rendering> failed(Exception e, ServerWebExchange exchange) {
        log.error("admin page request failed", e);
        return page(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong; the details are in the server log.");
    }

    private static Mono<Rendering> page(ServerWebExchange exchange, HttpStatus status, String message) {
        return PageModel.attributes(exchange).map(security -> Rendering.view("admin/error").status(status)
                .model(security).modelAttribute("status", status.value()).modelAttribute("message", message)
                .modelAttribute("title", status.getReasonPhrase()).build());
    }
}

package ai.puyu.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfException;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * What a refused request gets. JSON endpoints ({@code /api/**}, {@code /admin/api/**}): 401 or 403 with
 * {@code {"error": {"message", "type"}}}. Pages: to the sign-in page when nobody is signed in, else a small 403 page
 * saying who is signed in and why.
 */
final class SecurityResponses {

    private final ObjectMapper json;
    private final RedirectServerAuthenticationEntryPoint toLogin;

    SecurityResponses(ObjectMapper json, ServerRequestCache requestCache) {
        this.json = json;
        this.toLogin = new RedirectServerAuthenticationEntryPoint("/login");
        this.toLogin.setRequestCache(requestCache);
    }

    /** Whether this request is for a JSON endpoint rather than a page. */
    static boolean isJsonEndpoint(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return under(path, "/api") || under(path, "/admin/api");
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** Nobody is signed in: 401 JSON, or the sign-in page (which comes back here afterwards). */
    ServerAuthenticationEntryPoint entryPoint() {
        return (ServerWebExchange exchange, AuthenticationException e) -> {
            if (isJsonEndpoint(exchange)) {
                return writeJson(exchange, HttpStatus.UNAUTHORIZED, "authentication_error",
                        "Sign in first: this needs a signed-in user (sign in at /login).");
            }
            return toLogin.commence(exchange, e);
        };
    }

    /** Signed in without the role, or a missing or wrong CSRF token: 403. */
    ServerAccessDeniedHandler accessDenied() {
        return (exchange, denied) -> {
            boolean csrf = denied instanceof CsrfException;
            if (isJsonEndpoint(exchange)) {
                String message = csrf
                        ? "Missing or wrong CSRF token: send the header X-XSRF-TOKEN with the value of the XSRF-TOKEN"
                        + " cookie (GET any page first to receive it)."
                        : "Your account may not do this: it needs another role.";
                return exchange.getPrincipal().map(p -> (Object) p).defaultIfEmpty("").flatMap(p -> writeJson(
                        exchange, HttpStatus.FORBIDDEN, csrf ? "csrf_error" : "permission_error",
                        csrf ? message : whoIs(p) + message));
            }
            if (csrf) {
                return writePage(exchange, "This form has expired or was sent from another site",
                        "Go back, reload the page and try again.");
            }
            return exchange.getPrincipal().map(p -> (Object) p).defaultIfEmpty("").flatMap(p -> writePage(exchange,
                    "You may not open this page", whoIs(p) + "This page needs another role; ask an administrator,"
                            + " or sign in as someone else."));
        };
    }

    private static String whoIs(Object principal) {
        if (principal instanceof Authentication a) {
            var user = SignedInUser.of(a);
            if (user.isPresent()) {
                return "You are signed in as '" + user.get().username() + "' (role " + user.get().role() + "). ";
            }
        }
        return "";
    }

    Mono<Void> writeJson(ServerWebExchange exchange, HttpStatus status, String type, String message) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(Map.of("error", Map.of("message", message, "type", type)));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private static Mono<Void> writePage(ServerWebExchange exchange, String title, String text) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
        String html = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>403 · %1$s · Puyu</title><link rel="icon" type="image/svg+xml" href="/admin/favicon.svg">
                <link rel="stylesheet" href="/admin/admin.css"></head>
                <body class="centred"><main class="box"><h1>%1$s</h1><p class="denied">%2$s</p>
                <p><a href="/">Chat</a> · <a href="/login">Sign in as someone else</a></p></main></body></html>
                """.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(text));
        DataBuffer buffer = response.bufferFactory().wrap(html.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}

package ai.puyu.admin.audit;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminPage;
import ai.puyu.admin.BadParameterException;
import ai.puyu.audit.AuditSearch;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The audit log for ADMIN: {@code GET /admin/audit} (page) and {@code GET /admin/api/audit} (JSON), newest first,
 * filtered by {@code actor}, {@code action}, {@code target} (prefix), {@code from}/{@code to} (UTC dates), paged by
 * {@code page} and {@code size}. Read only: nothing here writes or changes entries.
 */
@Controller
class AuditController implements AdminPage {

    static final int MAX_SIZE = 500;

    private final AuditSearch audit;

    AuditController(AuditSearch audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit")
    Mono<Rendering> page(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Actor.blocking(() -> {
            Map<String, String> form = new LinkedHashMap<>();
            for (String name : new String[] {"actor", "action", "target", "from", "to"}) {
                form.put(name, query.getFirst(name) == null ? "" : query.getFirst(name));
            }
            Rendering.Builder<?> page = Rendering.view("admin/audit").modelAttribute("title", "Audit log")
                    .modelAttribute("active", "audit").modelAttribute("form", form)
                    .modelAttribute("actions", audit.actions());
            try {
                Request request = Request.of(query, 50);
                StringBuilder link = new StringBuilder();
                form.forEach((k, v) -> {
                    if (!v.isBlank()) {
                        link.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
                    }
                });
                return page.modelAttribute("result", audit.search(request.filter(), request.page(), request.size()))
                        .modelAttribute("link", link.toString()).build();
            } catch (BadParameterException e) {
                return page.status(HttpStatus.BAD_REQUEST).modelAttribute("error", e.getMessage()).build();
            }
        });
    }

    /** Parsed parameters. */
    record Request(AuditSearch.Filter filter, int page, int size) {

        static Request of(MultiValueMap<String, String> query, int defaultSize) {
            AuditSearch.Filter filter = new AuditSearch.Filter(text(query, "actor"), text(query, "action"),
                    text(query, "target"), day(query, "from", false), day(query, "to", true));
            int page = number(query, "page", 0, 0, Integer.MAX_VALUE);
            int size = number(query, "size", defaultSize, 1, MAX_SIZE);
            return new Request(filter, page, size);
        }

        private static String text(MultiValueMap<String, String> query, String name) {
            String value = query.getFirst(name);
            if (value == null || value.isBlank()) {
                return null;
            }
            if (value.length() > 500) {
                throw new BadParameterException(name, name + " is longer than 500 characters");
            }
            return value.strip();
        }

        private static Instant day(MultiValueMap<String, String> query, String name, boolean end) {
            String value = text(query, name);
            if (value == null) {
                return null;
            }
            try {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadParameterException(name, name + " must be a date such as 2026-01-31, not '" + value + "'");
            }
        }

        private static int number(MultiValueMap<String, String> query, String name, int fallback, int min, int max) {
            String value = text(query, name);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // answered below
            }
            throw new BadParameterException(name, name + " must be a whole number from " + min + " to " + max
                    + ", not '" + value + "'");
        }
    }

    /** The JSON twin of the page; its errors are JSON ({@link AuditApiController}). */
    static AuditSearch.Result search(AuditSearch audit, MultiValueMap<String, String> query) {
        Request request = Request.of(query, 50);
        return audit.search(request.filter(), request.page(), request.size());
    }
}

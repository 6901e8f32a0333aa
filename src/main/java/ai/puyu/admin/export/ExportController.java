package ai.puyu.admin.export;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminApi;
import ai.puyu.admin.review.ReviewFilter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/export} (the page's download link) and {@code GET /admin/api/export}: the conversations the
 * list's filter parameters select, as a JSONL attachment ({@code application/x-ndjson}). The filter is checked
 * before anything is sent, so a bad value is a 400 naming the parameter.
 */
@RestController
class ExportController implements AdminApi {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final JsonlExport export;
    private final Clock clock;

    ExportController(JsonlExport export, ObjectProvider<Clock> clock) {
        this.export = export;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping({"/admin/export", "/admin/api/export"})
    Mono<ResponseEntity<Flux<DataBuffer>>> export(ServerWebExchange exchange) {
        ReviewFilter filter = ReviewFilter.parse(exchange.getRequest().getQueryParams());
        var buffers = exchange.getResponse().bufferFactory();
        return Actor.of(exchange).map(actor -> ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("puyu-conversations-" + STAMP.format(clock.instant()) + ".jsonl").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(export.export(filter, actor).map(buffers::wrap)));
    }
}

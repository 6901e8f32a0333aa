package ai.puyu.admin.export;

import ai.puyu.admin.review.ReviewFilter;
import ai.puyu.admin.review.ReviewRepository;
import ai.puyu.admin.review.Transcript;
import ai.puyu.audit.AuditLog;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSONL export of the conversations a filter selects: one {@link ExportLine} per line, by ascending id.
 * Streamed: conversations are read {@value #BATCH} at a time (keyset paging on id) only as the client takes
 * the bytes (the flux is pulled, so a slow client slows the reads down), so memory does not grow with the
 * size of the export. Audited once, when the export ends, with the filter and the count (or where it
 * stopped when the client went away).
 */
@Service
public class JsonlExport {

    /** Conversations read and written per batch. */
    static final int BATCH = 100;

    private final ReviewRepository repository;
    private final AuditLog audit;
    private final ObjectMapper json;

    public JsonlExport(ReviewRepository repository, AuditLog audit, ObjectMapper json) {
        this.repository = repository;
        this.audit = audit;
        this.json = json;
    }

    /** The export as chunks of UTF-8 JSONL, one chunk per batch; nothing is read before subscription. */
    public Flux<byte[]> export(ReviewFilter filter, String actor) {
        return Flux.defer(() -> {
            AtomicLong written = new AtomicLong();
            AtomicBoolean finished = new AtomicBoolean();
            return Flux.<byte[], Long>generate(() -> 0L, (after, sink) -> {
                List<Transcript> batch = repository.transcriptsAfter(filter, after, BATCH);
                if (batch.isEmpty()) {
                    finished.set(true);
                    audit.record(actor, AuditLog.CONVERSATION_EXPORT, filter.describe(), written.get() + " conversations");
                    sink.complete();
                    return after;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
                for (Transcript transcript : batch) {
                    json.writeValue(out, ExportLine.of(transcript));
                    out.write('\n');
                }
                written.addAndGet(batch.size());
                sink.next(out.toByteArray());
                return batch.getLast().conversation().id();
            }).subscribeOn(Schedulers.boundedElastic()).doOnCancel(() -> {
                if (!finished.get()) {
                    Schedulers.boundedElastic().schedule(() -> audit.record(actor, AuditLog.CONVERSATION_EXPORT,
                            filter.describe(), "cancelled by the client after " + written.get() + " conversations"));
                }
            });
        });
    }
}

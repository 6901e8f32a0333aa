package ai.puyu.admin.retention;

import ai.puyu.admin.review.ReviewRepository;
import ai.puyu.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies the retention policy: deletes the conversations (their messages and tags with them) whose last
 * change ({@code updated_at}) is older than {@code puyu.retention.days} days, and writes one audit entry per
 * run (actor {@link AuditLog#SYSTEM}) with the count.
 */
@Service
public class RetentionService {

    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

    private final ReviewRepository repository;
    private final AuditLog audit;
    private final RetentionProperties properties;
    private final Clock clock;

    public RetentionService(ReviewRepository repository, AuditLog audit, RetentionProperties properties,
                            ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The instant before which conversations are deleted now, null when retention is off. */
    public Instant cutoff() {
        return properties.enabled() ? cutoff(clock.instant(), properties.days()) : null;
    }

    /** {@code now} minus {@code days} whole days. */
    static Instant cutoff(Instant now, int days) {
        return now.truncatedTo(ChronoUnit.MICROS).minus(Duration.ofDays(days));
    }

    /** One run: deletes what is older than the limit; returns how many conversations (0 when retention is off). */
    @Transactional
    public int apply() {
        if (!properties.enabled()) {
            return 0;
        }
        Instant cutoff = cutoff();
        int deleted = repository.deleteUpdatedBefore(cutoff);
        audit.record(AuditLog.SYSTEM, AuditLog.RETENTION_DELETE, "updated before " + cutoff,
                deleted + " conversations (retention " + properties.days() + " days)");
        if (deleted > 0) {
            log.info("Retention: deleted {} conversations last changed before {}", deleted, cutoff);
        }
        return deleted;
    }
}

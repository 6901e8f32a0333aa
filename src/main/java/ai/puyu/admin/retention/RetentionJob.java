package ai.puyu.admin.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link RetentionService#apply} every {@code puyu.retention.interval} (default one hour; first run one
 * minute after start). Does nothing while {@code puyu.retention.days} is 0.
 */
@Component
class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final RetentionService retention;

    RetentionJob(RetentionService retention) {
        this.retention = retention;
    }

    @Scheduled(initialDelayString = "${puyu.retention.initial-delay:1m}", fixedDelayString = "${puyu.retention.interval:1h}")
    void run() {
        try {
            retention.apply();
        } catch (RuntimeException e) {
            log.error("Retention run failed; it is tried again at the next interval", e);
        }
    }
}

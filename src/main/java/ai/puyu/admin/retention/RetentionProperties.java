package ai.puyu.admin.retention;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long conversations are kept ({@code puyu.retention.*}).
 *
 * @param days     conversations whose last change is older than this many days are deleted; 0 keeps them forever
 * @param interval how often the retention job runs (e.g. {@code 1h}, {@code 15m})
 */
@Validated
@ConfigurationProperties("puyu.retention")
public record RetentionProperties(@PositiveOrZero @DefaultValue("0") int days,
                                  @NotNull @DefaultValue("1h") Duration interval) {

    /** Whether anything is ever deleted. */
    public boolean enabled() {
        return days > 0;
    }
}

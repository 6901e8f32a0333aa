package ai.puyu.api;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the HTTP APIs ({@code puyu.api.*}).
 *
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 */
@Validated
@ConfigurationProperties("puyu.api")
record ApiProperties(@Positive @DefaultValue("1048576") int maxRequestBytes) {
}

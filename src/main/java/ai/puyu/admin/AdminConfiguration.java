package ai.puyu.admin;

import ai.puyu.admin.retention.RetentionProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The admin features' wiring: the retention settings and the scheduler that runs the retention job. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(RetentionProperties.class)
class AdminConfiguration {
}

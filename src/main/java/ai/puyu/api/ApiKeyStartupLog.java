package ai.puyu.api;

import ai.puyu.conversation.ApiKeyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says when the server starts whether {@code /v1} needs an API key or serves loopback clients only. */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ApiKeyStartupLog {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeyService keys;

    ApiKeyStartupLog(ApiKeyService keys) {
        this.keys = keys;
    }

    @EventListener(ApplicationReadyEvent.class)
    void logMode() {
        if (!keys.hasAnyActiveKey()) {
            log.warn("No API key exists yet: /v1 accepts requests from this machine (loopback) only."
                    + " Create one on /admin/keys (signed in as an administrator).");
        } else {
            log.info("/v1 requires an API key (Authorization: Bearer ...)");
        }
    }
}

package ai.puyu.conversation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At startup, marks the replies a dead process left streaming as interrupted. Runs once every
 * singleton exists (so Flyway has migrated) and before the web server starts, which Spring does
 * later, in the lifecycle phase: no reply of this process can be streaming yet.
 */
@Component
class InterruptedReplyRecovery implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(InterruptedReplyRecovery.class);

    private final ConversationService conversations;

    InterruptedReplyRecovery(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int count = conversations.markInterruptedAtStartup();
        if (count > 0) {
            log.warn("{} repl{} left streaming by the previous run marked interrupted (partial content kept)",
                    count, count == 1 ? "y" : "ies");
        }
    }
}

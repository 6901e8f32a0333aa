package ai.puyu.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit log: who viewed, exported, deleted or rated conversations, and who changed users
 * or API keys. Blocking (JDBC): call it off the event loop, like the conversation service.
 *
 * <p>Actions are lower-case dotted verbs; the ones Puyu writes are the constants below. Actors are
 * {@code user:<name>} for a signed-in person ({@link #user}), {@link #SYSTEM} for scheduled jobs and
 * {@link #CLI} for the command line.
 */
@Service
public class AuditLog {

    public static final String SYSTEM = "system";
    public static final String CLI = "cli";
    /** The actor when nobody is signed in (no security configured). */
    public static final String ANONYMOUS = "anonymous";

    public static final String CONVERSATION_VIEW = "conversation.view";
    public static final String CONVERSATION_EXPORT = "conversation.export";
    public static final String CONVERSATION_DELETE = "conversation.delete";
    public static final String CONVERSATION_FLAG = "conversation.flag";
    public static final String CONVERSATION_UNFLAG = "conversation.unflag";
    public static final String MESSAGE_RATE = "message.rate";
    public static final String RETENTION_DELETE = "retention.delete";
    public static final String USER_CREATE = "user.create";
    public static final String USER_UPDATE = "user.update";
    public static final String USER_DELETE = "user.delete";
    public static final String API_KEY_CREATE = "api_key.create";
    public static final String API_KEY_REVOKE = "api_key.revoke";
    public static final String SIGN_IN = "auth.sign_in";

    static final int MAX_ACTOR = 200;
    static final int MAX_ACTION = 100;
    static final int MAX_TARGET = 500;

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("at"), Sort.Order.desc("id"));

    private final AuditRepository entries;
    private final Clock clock;

    public AuditLog(AuditRepository entries, ObjectProvider<Clock> clock) {
        this.entries = entries;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The actor name of a signed-in person. */
    public static String user(String username) {
        return "user:" + username;
    }

    /**
     * Appends one entry, in its own transaction: an audit line is kept even when the work it describes
     * fails afterwards (the attempt is what is audited).
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public AuditEntry record(String actor, String action, String target, String detail) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return entries.save(new AuditEntry(null, now, clip(actor, MAX_ACTOR), clip(action, MAX_ACTION),
                target == null ? null : clip(target, MAX_TARGET), detail));
    }

    /** One page (from 0) of entries, newest first; {@code actor} and {@code action} filter when not null. */
    @Transactional(readOnly = true)
    public Page<AuditEntry> list(String actor, String action, int page, int size) {
        PageRequest request = PageRequest.of(page, size, NEWEST_FIRST);
        if (actor != null && action != null) {
            return entries.findByActorAndAction(actor, action, request);
        } else if (actor != null) {
            return entries.findByActor(actor, request);
        } else if (action != null) {
            return entries.findByAction(action, request);
        }
        return entries.findAllBy(request);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}

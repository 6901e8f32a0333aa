package ai.puyu.admin.review;

import ai.puyu.admin.BadParameterException;
import ai.puyu.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What reviewers do with conversations: list and search them, read a transcript, rate replies, flag
 * conversations, delete them. Every action but listing writes an audit entry ({@link AuditLog}) naming
 * the actor. Blocking (JDBC): call it off the event loop.
 */
@Service
public class ReviewService {

    /** The largest page of the review list. */
    public static final int MAX_PAGE_SIZE = 200;
    /** The longest flag reason, in characters. */
    public static final int MAX_REASON = 1000;
    /** The most tags on one conversation. */
    public static final int MAX_TAGS = 10;

    private final ReviewRepository repository;
    private final AuditLog audit;
    private final Clock clock;

    public ReviewService(ReviewRepository repository, AuditLog audit, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** One page (from 0) of the conversations {@code filter} selects, with counts over all of them. */
    @Transactional(readOnly = true)
    public ReviewPage search(ReviewFilter filter, ReviewSort sort, int page, int size) {
        if (page < 0) {
            throw new BadParameterException("page", "page must be 0 or more, not " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadParameterException("size", "size must be between 1 and " + MAX_PAGE_SIZE + ", not " + size);
        }
        ReviewCounts counts = repository.counts(filter);
        List<ConversationSummary> items = (long) page * size >= counts.conversations() ? List.of()
                : repository.find(filter, sort, (long) page * size, size);
        return new ReviewPage(items, page, size, counts);
    }

    /** The conversation with every message, as {@code actor} views it (audited). */
    @Transactional(readOnly = true)
    public Transcript view(long conversationId, String actor) {
        ReviewConversation conversation = repository.conversation(conversationId)
                .orElseThrow(() -> new ReviewNotFoundException("conversation " + conversationId));
        Transcript transcript = new Transcript(conversation, repository.messages(conversationId));
        audit.record(actor, AuditLog.CONVERSATION_VIEW, target(conversationId), null);
        return transcript;
    }

    /**
     * Rates an assistant reply {@code good} or {@code bad}, or clears its rating ({@code rating} null); audited.
     * Returns the message as rated.
     *
     * @param conversationId the conversation the message must belong to, null for any
     */
    @Transactional
    public ReviewMessage rate(Long conversationId, long messageId, String rating, String actor) {
        String checked = rating(rating);
        ReviewMessage message = repository.message(messageId)
                .filter(m -> conversationId == null || m.conversationId() == conversationId)
                .orElseThrow(() -> new ReviewNotFoundException("message " + messageId
                        + (conversationId == null ? "" : " of conversation " + conversationId)));
        if (!message.rateable()) {
            throw new BadParameterException("messageId", "messageId " + messageId + " names a"
                    + ("assistant".equals(message.role()) ? " reply still streaming" : (" " + message.role() + " message"))
                    + "; only finished assistant replies can be rated");
        }
        repository.rate(messageId, checked, actor, now());
        audit.record(actor, AuditLog.MESSAGE_RATE, "message:" + messageId,
                (checked == null ? "cleared" : checked) + " in " + target(message.conversationId()));
        return repository.message(messageId).orElseThrow();
    }

    /** Flags a conversation with a reason and tags, replacing an earlier flag; audited. */
    @Transactional
    public ReviewConversation flag(long conversationId, String reason, Collection<String> tags, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new BadParameterException("reason", "reason is required to flag a conversation");
        }
        String stripped = reason.strip();
        if (stripped.length() > MAX_REASON) {
            throw new BadParameterException("reason", "reason is longer than " + MAX_REASON + " characters");
        }
        TreeSet<String> checkedTags = new TreeSet<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            if (tag != null && !tag.isBlank()) {
                checkedTags.add(ReviewFilter.tag(tag));
            }
        }
        if (checkedTags.size() > MAX_TAGS) {
            throw new BadParameterException("tags", "at most " + MAX_TAGS + " tags, not " + checkedTags.size());
        }
        if (repository.flag(conversationId, stripped, checkedTags, actor, now()) == 0) {
            throw new ReviewNotFoundException("conversation " + conversationId);
        }
        audit.record(actor, AuditLog.CONVERSATION_FLAG, target(conversationId),
                stripped + (checkedTags.isEmpty() ? "" : " [" + String.join(", ", checkedTags) + "]"));
        return repository.conversation(conversationId).orElseThrow();
    }

    /** Clears a conversation's flag; audited. */
    @Transactional
    public ReviewConversation unflag(long conversationId, String actor) {
        if (repository.unflag(conversationId) == 0) {
            throw new ReviewNotFoundException("conversation " + conversationId);
        }
        audit.record(actor, AuditLog.CONVERSATION_UNFLAG, target(conversationId), null);
        return repository.conversation(conversationId).orElseThrow();
    }

    /** Deletes a conversation and its messages; audited. */
    @Transactional
    public void delete(long conversationId, String actor) {
        ReviewConversation conversation = repository.conversation(conversationId)
                .orElseThrow(() -> new ReviewNotFoundException("conversation " + conversationId));
        repository.delete(conversationId);
        audit.record(actor, AuditLog.CONVERSATION_DELETE, target(conversationId),
                "\"" + conversation.title() + "\" of " + conversation.owner());
    }

    /**
     * Deletes every conversation {@code filter} selects; audited with the filter and the count. An empty
     * filter (everything) is refused unless {@code all} is set.
     */
    @Transactional
    public int deleteMatching(ReviewFilter filter, boolean all, String actor) {
        if (filter.isEmpty() && !all) {
            throw new BadParameterException("all", "no filter given: that would delete every conversation;"
                    + " give a filter, or all=true to really delete everything");
        }
        int deleted = repository.deleteMatching(filter);
        audit.record(actor, AuditLog.CONVERSATION_DELETE, filter.describe(), deleted + " conversations");
        return deleted;
    }

    /** The choices the list's filter form offers: model names and tags in use. */
    @Transactional(readOnly = true)
    public FilterChoices choices() {
        return new FilterChoices(repository.models(), repository.tags());
    }

    /**
     * What the filter form can offer.
     *
     * @param models model names conversations have
     * @param tags   tags in use
     */
    public record FilterChoices(List<String> models, List<String> tags) {
    }

    /** {@code good}, {@code bad} or null (clear); anything else is refused naming {@code rating}. */
    static String rating(String rating) {
        if (rating == null || rating.isBlank() || rating.equalsIgnoreCase("none")) {
            return null;
        }
        String lower = rating.strip().toLowerCase(Locale.ROOT);
        if (!lower.equals("good") && !lower.equals("bad")) {
            throw new BadParameterException("rating", "rating must be good, bad or null (to clear), not '" + rating + "'");
        }
        return lower;
    }

    private static String target(long conversationId) {
        return "conversation:" + conversationId;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

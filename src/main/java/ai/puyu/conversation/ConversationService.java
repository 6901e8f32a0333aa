package ai.puyu.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything the chat page, the conversation API and the OpenAI API do with stored conversations.
 * User-facing operations take the owner and throw {@link ConversationNotFoundException} for a
 * conversation that is missing or someone else's. Blocking (JDBC): call it off the event loop.
 *
 * <p>Text is stored exactly, except U+0000 (which PostgreSQL cannot store in text, and which a
 * byte-fallback token can generate): it is stored as U+FFFD on every database, so that a reply is
 * never lost to it.
 */
@Service
public class ConversationService {

    /** The title of a conversation created without one. */
    public static final String DEFAULT_TITLE = "New conversation";
    /** The longest title kept, in characters. */
    public static final int MAX_TITLE_LENGTH = 200;
    /** The longest owner name, in characters. */
    public static final int MAX_OWNER_LENGTH = 200;

    /** Newest first: by last change, then by id for conversations changed in the same microsecond. */
    static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("updatedAt"), Sort.Order.desc("id"));

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final Clock clock;

    public ConversationService(ConversationRepository conversations, MessageRepository messages,
                               ObjectProvider<Clock> clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Creates an empty conversation for {@code owner}. */
    @Transactional
    public Conversation create(String owner, NewConversation spec) {
        Instant now = now();
        String title = spec.title() == null || spec.title().isBlank() ? DEFAULT_TITLE : checkedTitle(spec.title());
        ConversationSettings settings = storable(spec.settings() == null ? ConversationSettings.DEFAULTS : spec.settings());
        return conversations.save(new Conversation(null, checkedOwner(owner), spec.apiKeyId(), title,
                spec.model(), spec.backend(), settings, now, now));
    }

    /** One page (from 0) of the owner's conversations, most recently changed first. */
    @Transactional(readOnly = true)
    public Page<Conversation> list(String owner, int page, int size) {
        return conversations.findByOwner(owner, PageRequest.of(page, size, NEWEST_FIRST));
    }

    /** The owner's conversation with its messages in order. */
    @Transactional(readOnly = true)
    public ConversationWithMessages get(String owner, long conversationId) {
        Conversation conversation = owned(owner, conversationId);
        return new ConversationWithMessages(conversation, messages.findByConversationIdOrderBySeqAsc(conversationId));
    }

    /** Gives the owner's conversation a new title. */
    @Transactional
    public Conversation rename(String owner, long conversationId, String title) {
        String checked = checkedTitle(title);
        return conversations.save(locked(owner, conversationId).withTitle(checked, now()));
    }

    /** Replaces the generation settings of the owner's conversation. */
    @Transactional
    public Conversation updateSettings(String owner, long conversationId, ConversationSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return conversations.save(locked(owner, conversationId).withSettings(storable(settings), now()));
    }

    /** Deletes the owner's conversation and all its messages. */
    @Transactional
    public void delete(String owner, long conversationId) {
        if (conversations.deleteByIdAndOwner(conversationId, owner) == 0) {
            throw new ConversationNotFoundException(conversationId);
        }
    }

    /** Stores the user's message; called before generation starts, so it survives whatever follows. */
    @Transactional
    public Message appendUserMessage(String owner, long conversationId, String content) {
        return appendMessage(owner, conversationId, Role.USER, content);
    }

    /**
     * Stores a whole message of any role at the end of the conversation (user input, or the history
     * an OpenAI client sends). Refused while a reply is streaming.
     */
    @Transactional
    public Message appendMessage(String owner, long conversationId, Role role, String content) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        locked(owner, conversationId);
        int seq = nextSeq(conversationId);
        Instant now = now();
        conversations.touch(conversationId, now);
        return messages.save(Message.complete(conversationId, seq, role, storable(content), now));
    }

    /**
     * Stores an empty assistant reply with status streaming, at the end of the conversation; refused
     * while another reply of the conversation is streaming.
     */
    @Transactional
    public Message startAssistantMessage(String owner, long conversationId, String model, String backend,
                                         Sampling sampling) {
        locked(owner, conversationId);
        int seq = nextSeq(conversationId);
        Instant now = now();
        conversations.touch(conversationId, now);
        return messages.save(Message.streaming(conversationId, seq, model, backend, sampling, now));
    }

    /**
     * Saves the text generated so far into a reply that is still streaming, so that a crash keeps
     * it (optional: call every few seconds). Returns false when the reply is no longer streaming.
     */
    @Transactional
    public boolean updateStreamingContent(long messageId, String partialContent) {
        Objects.requireNonNull(partialContent, "partialContent");
        return messages.updateStreamingContent(messageId, storable(partialContent)) == 1;
    }

    /** Stores how a streaming reply ended: its content, status, finish reason, error text and statistics. */
    @Transactional
    public Message finishAssistantMessage(long messageId, MessageOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        Message message = messages.findLockedById(messageId)
                .orElseThrow(() -> new MessageStateException("message " + messageId + " does not exist"));
        if (message.status() != MessageStatus.STREAMING) {
            throw new MessageStateException("message " + messageId + " is " + message.status().wireName()
                    + ", not streaming: it cannot be finished again");
        }
        Instant now = now();
        conversations.touch(message.conversationId(), now);
        return messages.save(message.finished(new MessageOutcome(storable(outcome.content()), outcome.status(),
                outcome.finishReason(), storable(outcome.errorText()), outcome.stats()), now));
    }

    /**
     * Deletes the conversation's last message, which must be a finished assistant reply (to
     * regenerate it); returns what was deleted.
     */
    @Transactional
    public Message deleteLastAssistantMessage(String owner, long conversationId) {
        locked(owner, conversationId);
        Message last = messages.findFirstByConversationIdOrderBySeqDesc(conversationId)
                .orElseThrow(() -> new MessageStateException("conversation " + conversationId + " has no messages"));
        if (last.role() != Role.ASSISTANT) {
            throw new MessageStateException("the last message of conversation " + conversationId
                    + " is a " + last.role().wireName() + " message, not an assistant reply");
        }
        if (last.status() == MessageStatus.STREAMING) {
            throw new MessageStateException("the last reply of conversation " + conversationId + " is still streaming");
        }
        messages.delete(last);
        conversations.touch(conversationId, now());
        return last;
    }

    /**
     * Deletes all the messages of the owner's conversation, keeping the conversation (its title and settings);
     * refused while a reply is streaming. Returns how many messages were deleted.
     */
    @Transactional
    public int clearMessages(String owner, long conversationId) {
        locked(owner, conversationId);
        Optional<Message> last = messages.findFirstByConversationIdOrderBySeqDesc(conversationId);
        if (last.isPresent() && last.get().status() == MessageStatus.STREAMING) {
            throw new MessageStateException("a reply of conversation " + conversationId + " is still streaming");
        }
        int deleted = messages.deleteByConversationId(conversationId);
        conversations.touch(conversationId, now());
        return deleted;
    }

    /**
     * Marks every reply left streaming (by a process that died) as interrupted, keeping its partial
     * content; returns how many. Run once at startup, before requests are served.
     */
    @Transactional
    public int markInterruptedAtStartup() {
        return messages.markStreamingInterrupted(now());
    }

    private Conversation owned(String owner, long conversationId) {
        return conversations.findByIdAndOwner(conversationId, owner)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
    }

    private Conversation locked(String owner, long conversationId) {
        return conversations.findLockedByIdAndOwner(conversationId, owner)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
    }

    /** The seq for a new message; the caller holds the conversation's row lock. */
    private int nextSeq(long conversationId) {
        Optional<Message> last = messages.findFirstByConversationIdOrderBySeqDesc(conversationId);
        if (last.isPresent() && last.get().status() == MessageStatus.STREAMING) {
            throw new MessageStateException("a reply of conversation " + conversationId + " is still streaming");
        }
        return last.map(m -> m.seq() + 1).orElse(0);
    }

    /** Now, to the microsecond: what both H2 and PostgreSQL keep, so values read back compare equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The text as stored: U+0000 becomes U+FFFD (see the class description); null stays null. */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    private static ConversationSettings storable(ConversationSettings settings) {
        return new ConversationSettings(storable(settings.systemPrompt()), settings.maxNewTokens(),
                settings.temperature(), settings.topP());
    }

    private static String checkedOwner(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank");
        }
        if (owner.length() > MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException("owner is longer than " + MAX_OWNER_LENGTH + " characters");
        }
        return owner;
    }

    private static String checkedTitle(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        String stripped = storable(title.strip());
        if (stripped.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("title is longer than " + MAX_TITLE_LENGTH + " characters");
        }
        return stripped;
    }
}

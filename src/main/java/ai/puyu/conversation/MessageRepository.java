package ai.puyu.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.ListCrudRepository;

/** Messages, an aggregate of their own: appending or finishing one touches one row. */
public interface MessageRepository extends ListCrudRepository<Message, Long> {

    /** A conversation's messages in order. */
    List<Message> findByConversationIdOrderBySeqAsc(long conversationId);

    /** A conversation's last message. */
    Optional<Message> findFirstByConversationIdOrderBySeqDesc(long conversationId);

    /** The message, its row locked until the transaction ends. */
    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<Message> findLockedById(long id);

    /** How many messages a conversation has. */
    long countByConversationId(long conversationId);

    /** Replaces the content of a reply that is still streaming; returns the rows changed (0 or 1). */
    @Modifying
    @Query("UPDATE message SET content = :content WHERE id = :id AND status = 'streaming'")
    int updateStreamingContent(long id, String content);

    /** Deletes all of a conversation's messages; returns how many there were. */
    @Modifying
    @Query("DELETE FROM message WHERE conversation_id = :conversationId")
    int deleteByConversationId(long conversationId);

    /** Marks every streaming reply interrupted, content kept; returns how many there were. */
    @Modifying
    @Query("UPDATE message SET status = 'interrupted', finished_at = :now WHERE status = 'streaming'")
    int markStreamingInterrupted(Instant now);
}

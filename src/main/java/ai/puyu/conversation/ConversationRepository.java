package ai.puyu.conversation;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.ListCrudRepository;

/** Conversations, scoped by owner for everything users reach. */
public interface ConversationRepository extends ListCrudRepository<Conversation, Long> {

    /** One page of the owner's conversations, ordered as {@code pageable} says. */
    Page<Conversation> findByOwner(String owner, Pageable pageable);

    /** The conversation if it belongs to {@code owner}. */
    Optional<Conversation> findByIdAndOwner(long id, String owner);

    /** Like {@link #findByIdAndOwner} but locks the row until the transaction ends. */
    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<Conversation> findLockedByIdAndOwner(long id, String owner);

    /** Moves {@code updated_at}; returns the rows changed (0 or 1). */
    @Modifying
    @Query("UPDATE conversation SET updated_at = :now WHERE id = :id")
    int touch(long id, Instant now);

    /** Deletes the conversation (its messages go with it) if it belongs to {@code owner}. */
    @Modifying
    @Query("DELETE FROM conversation WHERE id = :id AND owner = :owner")
    int deleteByIdAndOwner(long id, String owner);
}

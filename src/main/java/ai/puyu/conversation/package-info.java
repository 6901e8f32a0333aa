/**
 * Conversations, their messages and API keys, stored through Spring Data JDBC (schema in
 * {@code db/migration}, Flyway, one set of migrations for H2 and PostgreSQL).
 *
 * <p><b>Aggregates.</b> {@link ai.puyu.conversation.Conversation} and
 * {@link ai.puyu.conversation.Message} are two aggregates, each with its own repository, not one
 * aggregate holding a list of messages: Spring Data JDBC saves an aggregate by deleting and
 * re-inserting its collections, so appending one reply to a 500-message conversation would
 * rewrite 500 rows. As separate aggregates an append is one INSERT, finishing a reply is one
 * UPDATE, and the conversation row only has its {@code updated_at} moved. A message refers to its
 * conversation by id; the database deletes the messages with their conversation
 * ({@code ON DELETE CASCADE}).
 *
 * <p><b>Databases.</b> The migrations in {@code db/migration} run unchanged on PostgreSQL 15+ and
 * on H2 2.4 in its default mode (the mode of Puyu's default file database; no {@code MODE=} in the
 * URL), so they use only the SQL both understand. Roles and statuses are stored in lower case
 * ({@link ai.puyu.conversation.ConversationJdbcConfiguration}); times to the microsecond, with
 * their time zone.
 *
 * <p><b>Ordering and concurrency.</b> Every write to a conversation's messages first locks the
 * conversation row ({@code SELECT ... FOR UPDATE}), so concurrent appends get distinct, gap-free
 * {@code seq} numbers and at most one reply per conversation is streaming at a time.
 *
 * <p><b>Owners.</b> Every user-facing operation of {@link ai.puyu.conversation.ConversationService}
 * takes the owner (anonymous browser id or user name) and answers "not found" for a conversation
 * that exists but belongs to someone else, so ids leak nothing.
 *
 * <p><b>Restart.</b> Replies still {@code streaming} when the process died are marked
 * {@code interrupted}, partial content kept, before the server accepts requests
 * ({@link ai.puyu.conversation.InterruptedReplyRecovery}). This assumes one Puyu process per
 * database.
 */
package ai.puyu.conversation;

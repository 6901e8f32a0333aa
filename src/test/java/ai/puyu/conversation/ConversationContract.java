package ai.puyu.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Page;

/**
 * What {@link ConversationService} promises for conversations and their messages, on a real
 * database: each class implementing it runs these tests on one database.
 */
interface ConversationContract extends PersistenceFixture {

    @Test
    default void listsAnOwnersConversationsNewestFirstPageByPage() {
        List<Long> alice = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alice.add(create("alice", "a" + i).id());
        }
        create("bob", "b0");

        Page<Conversation> first = service().list("alice", 0, 2);
        Page<Conversation> second = service().list("alice", 1, 2);
        Page<Conversation> third = service().list("alice", 2, 2);

        assertThat(first.getContent()).extracting(Conversation::title).containsExactly("a4", "a3");
        assertThat(second.getContent()).extracting(Conversation::title).containsExactly("a2", "a1");
        assertThat(third.getContent()).extracting(Conversation::title).containsExactly("a0");
        assertThat(first.getTotalElements()).isEqualTo(5);
        assertThat(first.getTotalPages()).isEqualTo(3);

        service().appendUserMessage("alice", alice.get(0), "bring me back to the top");
        assertThat(service().list("alice", 0, 2).getContent()).extracting(Conversation::title).containsExactly("a0", "a4");
        assertThat(service().list("bob", 0, 10).getContent()).extracting(Conversation::title).containsExactly("b0");
    }

    @Test
    default void anotherOwnerCanNeitherReadNorChangeAConversationAndLearnsNothingOfIt() {
        Conversation conversation = create("alice", "private");
        long id = conversation.id();
        exchange("alice", id, "secret question", "secret answer");
        Conversation before = service().get("alice", id).conversation();
        assertThatThrownBy(() -> service().get("alice", id + 1000))
                .isInstanceOf(ConversationNotFoundException.class).hasMessage("conversation " + (id + 1000) + " not found");

        List<Runnable> attempts = List.of(
                () -> service().get("bob", id),
                () -> service().rename("bob", id, "mine now"),
                () -> service().updateSettings("bob", id, new ConversationSettings("be evil", 1, 2.0, 0.5)),
                () -> service().delete("bob", id),
                () -> service().appendUserMessage("bob", id, "hello"),
                () -> service().startAssistantMessage("bob", id, "m", "cpu", null),
                () -> service().deleteLastAssistantMessage("bob", id));
        for (Runnable attempt : attempts) {
            assertThatThrownBy(attempt::run).isInstanceOf(ConversationNotFoundException.class)
                    .hasMessage("conversation " + id + " not found");
        }

        ConversationWithMessages after = service().get("alice", id);
        assertThat(after.conversation()).isEqualTo(before);
        assertThat(after.messages()).extracting(Message::content).containsExactly("secret question", "secret answer");
    }

    @Test
    default void messagesComeBackInTheOrderTheyWereAppended() {
        long id = create("alice", "order").id();
        service().appendMessage("alice", id, Role.SYSTEM, "be brief");
        exchange("alice", id, "q1", "a1");
        service().appendMessage("alice", id, Role.TOOL, "{\"temperature\": 21}");
        exchange("alice", id, "q2", "a2");

        List<Message> stored = service().get("alice", id).messages();

        assertThat(stored).extracting(Message::seq).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(stored).extracting(Message::role).containsExactly(
                Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER, Role.ASSISTANT);
        assertThat(stored).extracting(Message::content).containsExactly(
                "be brief", "q1", "a1", "{\"temperature\": 21}", "q2", "a2");
        assertThat(jdbc().queryForList("SELECT role FROM message ORDER BY seq", String.class))
                .containsExactly("system", "user", "assistant", "tool", "user", "assistant");
    }

    @Test
    default void concurrentAppendsToOneConversationGetDistinctGaplessPositions() throws Exception {
        long id = create("alice", "busy").id();
        int threads = 6;
        int perThread = 5;
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        service().appendUserMessage("alice", id, thread + ":" + i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        List<Message> stored = service().get("alice", id).messages();
        assertThat(stored).extracting(Message::seq)
                .containsExactlyElementsOf(IntStream.range(0, threads * perThread).boxed().toList());
        assertThat(stored).extracting(Message::content).doesNotHaveDuplicates().hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            assertThat(stored.stream().map(Message::content).filter(c -> c.startsWith(prefix)))
                    .as("thread %d's messages in its own order", t)
                    .containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);
        }
    }

    @Test
    default void aFinishedReplyRoundTripsEveryField() {
        long id = create("alice", "stats").id();
        service().appendUserMessage("alice", id, "question");
        Instant startedAt = clock().peek();
        Message started = service().startAssistantMessage("alice", id, "internlm2-chat-7b", "cuda", SAMPLING);

        assertThat(started.status()).isEqualTo(MessageStatus.STREAMING);
        assertThat(started.content()).isEmpty();
        assertThat(messages().findById(started.id())).contains(started);

        Message finished = service().finishAssistantMessage(started.id(), MessageOutcome.complete("answer", "length", STATS));
        Message read = messages().findById(started.id()).orElseThrow();

        assertThat(read).isEqualTo(finished);
        assertThat(read.conversationId()).isEqualTo(id);
        assertThat(read.seq()).isEqualTo(1);
        assertThat(read.role()).isEqualTo(Role.ASSISTANT);
        assertThat(read.content()).isEqualTo("answer");
        assertThat(read.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(read.finishReason()).isEqualTo("length");
        assertThat(read.errorText()).isNull();
        assertThat(read.model()).isEqualTo("internlm2-chat-7b");
        assertThat(read.backend()).isEqualTo("cuda");
        assertThat(read.sampling()).isEqualTo(SAMPLING);
        assertThat(read.stats()).isEqualTo(STATS);
        assertThat(read.createdAt()).isEqualTo(startedAt);
        assertThat(read.finishedAt()).isAfter(read.createdAt());
        Map<String, Object> row = jdbc().queryForMap("SELECT status, seed, top_k, cached_tokens FROM message WHERE id = ?",
                read.id());
        assertThat(row.values()).map(String::valueOf).containsExactly("complete", "1234567890123", "40", "300");
    }

    @Test
    default void stoppedAndFailedRepliesKeepPartialContentAndTheErrorText() {
        long id = create("alice", "endings").id();
        service().appendUserMessage("alice", id, "q");
        Message stopped = service().startAssistantMessage("alice", id, "m", "cpu", null);
        service().finishAssistantMessage(stopped.id(), MessageOutcome.stopped("half an ans", null));
        service().appendUserMessage("alice", id, "q again");
        Message failed = service().startAssistantMessage("alice", id, "m", "cpu", null);
        service().finishAssistantMessage(failed.id(), MessageOutcome.error("par", "CUDA error: out of memory", STATS));

        Message s = messages().findById(stopped.id()).orElseThrow();
        Message f = messages().findById(failed.id()).orElseThrow();
        assertThat(s.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(s.content()).isEqualTo("half an ans");
        assertThat(s.sampling()).isNull();
        assertThat(s.stats()).isNull();
        assertThat(f.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(f.content()).isEqualTo("par");
        assertThat(f.errorText()).isEqualTo("CUDA error: out of memory");
        assertThatThrownBy(() -> service().finishAssistantMessage(failed.id(), MessageOutcome.complete("x", "stop", null)))
                .isInstanceOf(MessageStateException.class).hasMessageContaining("is error, not streaming");
        assertThat(messages().findById(failed.id())).contains(f);
    }

    @Test
    default void onlyOneReplyStreamsAtATimeAndNothingIsAppendedUnderIt() {
        long id = create("alice", "one at a time").id();
        service().appendUserMessage("alice", id, "q");
        service().startAssistantMessage("alice", id, "m", "cpu", null);

        assertThatThrownBy(() -> service().startAssistantMessage("alice", id, "m", "cpu", null))
                .isInstanceOf(MessageStateException.class).hasMessageContaining("still streaming");
        assertThatThrownBy(() -> service().appendUserMessage("alice", id, "impatient"))
                .isInstanceOf(MessageStateException.class).hasMessageContaining("still streaming");
        assertThat(messages().countByConversationId(id)).isEqualTo(2);
    }

    @Test
    default void markInterruptedAtStartupChangesExactlyTheStreamingRowsAndKeepsTheirContent() {
        long a = create("alice", "crashed").id();
        service().appendUserMessage("alice", a, "q");
        Message streaming = service().startAssistantMessage("alice", a, "m", "cpu", SAMPLING);
        assertThat(service().updateStreamingContent(streaming.id(), "partial 部分")).isTrue();
        long b = create("bob", "fine").id();
        exchange("bob", b, "q", "a");
        Message stopped = service().startAssistantMessage("bob", b, "m", "cpu", null);
        service().finishAssistantMessage(stopped.id(), MessageOutcome.stopped("st", null));
        List<Message> before = messages().findAll().stream().filter(m -> !m.id().equals(streaming.id())).toList();

        Instant now = clock().peek();
        assertThat(service().markInterruptedAtStartup()).isEqualTo(1);

        Message interrupted = messages().findById(streaming.id()).orElseThrow();
        assertThat(interrupted.status()).isEqualTo(MessageStatus.INTERRUPTED);
        assertThat(interrupted.content()).isEqualTo("partial 部分");
        assertThat(interrupted.sampling()).isEqualTo(SAMPLING);
        assertThat(interrupted.finishedAt()).isEqualTo(now);
        assertThat(messages().findAll().stream().filter(m -> !m.id().equals(streaming.id())).toList())
                .containsExactlyInAnyOrderElementsOf(before);
        assertThat(service().updateStreamingContent(streaming.id(), "too late")).isFalse();
        assertThat(service().markInterruptedAtStartup()).isZero();
    }

    @Test
    default void deletingAConversationDeletesItsMessagesAndNothingElse() {
        long doomed = create("alice", "doomed").id();
        exchange("alice", doomed, "q", "a");
        long kept = create("alice", "kept").id();
        exchange("alice", kept, "q", "a");

        service().delete("alice", doomed);

        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM message WHERE conversation_id = ?", Long.class, doomed))
                .isZero();
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM conversation WHERE id = ?", Long.class, doomed)).isZero();
        assertThat(service().get("alice", kept).messages()).hasSize(2);
        assertThatThrownBy(() -> service().get("alice", doomed)).isInstanceOf(ConversationNotFoundException.class);
        assertThatThrownBy(() -> service().delete("alice", doomed)).isInstanceOf(ConversationNotFoundException.class);
    }
}

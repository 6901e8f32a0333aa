package ai.puyu.admin;

import static ai.puyu.admin.AdminFixture.filter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.admin.review.ReviewConversation;
import ai.puyu.admin.review.ReviewMessage;
import ai.puyu.admin.review.ReviewNotFoundException;
import ai.puyu.admin.review.Transcript;
import ai.puyu.audit.AuditEntry;
import ai.puyu.audit.AuditLog;
import ai.puyu.audit.AuditSearch;
import ai.puyu.conversation.GenerationStats;
import ai.puyu.conversation.Message;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transcripts, ratings, flags and deletions, and the audit entry each of them writes. */
interface JudgementContract extends AdminFixture {

    @Test
    default void aTranscriptHasEveryMessageWithItsMetadataAndViewingItIsAudited() {
        long key = apiKeys().create("batch job").apiKey().id();
        long id = conversation("alice", "Stats", key, "internlm2-chat-1_8b", "Answer briefly.");
        Message reply = exchange("alice", id, "Hi", "Hello!", new GenerationStats(321, 54, 300, 12.5, 17.25));
        Message failed = failed("alice", id, "More", "Part", "out of memory");

        Transcript t = review().view(id, "user:rita");
        ReviewConversation c = t.conversation();
        assertThat(c.owner()).isEqualTo("alice");
        assertThat(c.apiKeyName()).isEqualTo("batch job");
        assertThat(c.model()).isEqualTo("internlm2-chat-1_8b");
        assertThat(c.backend()).isEqualTo("cpu");
        assertThat(c.systemPrompt()).isEqualTo("Answer briefly.");
        assertThat(c.maxNewTokens()).isEqualTo(128);
        assertThat(t.messages()).extracting(ReviewMessage::role).containsExactly("user", "assistant", "user", "assistant");
        ReviewMessage r = t.messages().get(1);
        assertThat(r.id()).isEqualTo(reply.id());
        assertThat(r.content()).isEqualTo("Hello!");
        assertThat(r.status()).isEqualTo("complete");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.promptTokens()).isEqualTo(321);
        assertThat(r.completionTokens()).isEqualTo(54);
        assertThat(r.cachedTokens()).isEqualTo(300);
        assertThat(r.timeToFirstTokenMs()).isEqualTo(12.5);
        assertThat(r.tokensPerSecond()).isEqualTo(17.25);
        assertThat(r.sampling()).isEqualTo(SAMPLING);
        assertThat(r.model()).isEqualTo("internlm2-chat-1_8b");
        assertThat(r.createdAt()).isEqualTo(reply.createdAt());
        assertThat(r.finishedAt()).isEqualTo(reply.finishedAt());
        ReviewMessage f = t.messages().get(3);
        assertThat(f.id()).isEqualTo(failed.id());
        assertThat(f.status()).isEqualTo("error");
        assertThat(f.errorText()).isEqualTo("out of memory");
        assertThat(f.content()).isEqualTo("Part");
        assertThat(t.messages().getFirst().sampling()).isNull();

        assertThat(auditEntries()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("user:rita");
            assertThat(e.action()).isEqualTo(AuditLog.CONVERSATION_VIEW);
            assertThat(e.target()).isEqualTo("conversation:" + id);
        });
        assertThatThrownBy(() -> review().view(id + 1000, "user:rita")).isInstanceOf(ReviewNotFoundException.class);
        assertThat(auditEntries()).hasSize(1);
    }

    @Test
    default void ratingsAreSetChangedAndClearedOnRepliesOnlyAndEachIsAudited() {
        long id = conversation("alice", "Rate", null, "m", null);
        Message reply = exchange("alice", id, "Q", "A", null);
        Transcript before = review().view(id, "user:x");
        long question = before.messages().getFirst().id();
        Instant updatedBefore = before.conversation().updatedAt();
        Instant now = clock().peek();

        ReviewMessage good = review().rate(null, reply.id(), "good", "user:rita");
        assertThat(good.rating()).isEqualTo("good");
        assertThat(good.ratedBy()).isEqualTo("user:rita");
        assertThat(good.ratedAt()).isAfterOrEqualTo(now);
        assertThat(review().rate(id, reply.id(), "BAD", "user:sam").rating()).isEqualTo("bad");
        assertThat(review().rate(null, reply.id(), null, "user:sam").rating()).isNull();
        assertThat(review().view(id, "user:x").conversation().updatedAt())
                .as("judging does not move the conversation's last change").isEqualTo(updatedBefore);

        assertThatThrownBy(() -> review().rate(null, question, "good", "user:rita"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.getMessage()).contains("user message"));
        assertThatThrownBy(() -> review().rate(null, reply.id(), "great", "user:rita"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("rating"));
        assertThatThrownBy(() -> review().rate(id + 1, reply.id(), "good", "user:rita"))
                .as("the message must belong to the conversation named").isInstanceOf(ReviewNotFoundException.class);
        assertThatThrownBy(() -> review().rate(null, reply.id() + 1000, "good", "user:rita"))
                .isInstanceOf(ReviewNotFoundException.class);

        List<AuditEntry> rates = auditSearch().search(new AuditSearch.Filter(null, AuditLog.MESSAGE_RATE, null, null, null),
                0, 10).entries();
        assertThat(rates).extracting(AuditEntry::actor).containsExactly("user:sam", "user:sam", "user:rita");
        assertThat(rates).extracting(AuditEntry::detail).containsExactly("cleared in conversation:" + id,
                "bad in conversation:" + id, "good in conversation:" + id);
        assertThat(rates).allSatisfy(e -> assertThat(e.target()).isEqualTo("message:" + reply.id()));
    }

    @Test
    default void aFlagHasAReasonAndNormalisedTagsCanBeReplacedAndClearedAndIsAudited() {
        long id = conversation("alice", "Flag", null, "m", null);
        ReviewConversation flagged = review().flag(id, "  made-up facts ", List.of("Hallucination", "zh", "zh", " "), "user:rita");
        assertThat(flagged.flag().reason()).isEqualTo("made-up facts");
        assertThat(flagged.flag().tags()).containsExactly("hallucination", "zh");
        assertThat(flagged.flag().by()).isEqualTo("user:rita");
        ReviewConversation replaced = review().flag(id, "unsafe", List.of("unsafe"), "user:sam");
        assertThat(replaced.flag().tags()).containsExactly("unsafe");
        assertThat(ids("tag", "zh")).isEmpty();
        assertThat(ids("tag", "unsafe")).containsExactly(id);
        assertThat(review().unflag(id, "user:sam").flagged()).isFalse();
        assertThat(ids("flagged", "true")).isEmpty();
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM conversation_tag", Long.class)).isZero();

        assertThatThrownBy(() -> review().flag(id, " ", List.of(), "user:rita"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("reason"));
        assertThatThrownBy(() -> review().flag(id, "x", List.of("no spaces allowed"), "user:rita"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("tag"));
        assertThatThrownBy(() -> review().flag(id + 1000, "x", List.of(), "user:rita"))
                .isInstanceOf(ReviewNotFoundException.class);

        assertThat(auditEntries()).extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AuditLog.CONVERSATION_UNFLAG, "user:sam", null),
                org.assertj.core.groups.Tuple.tuple(AuditLog.CONVERSATION_FLAG, "user:sam", "unsafe [unsafe]"),
                org.assertj.core.groups.Tuple.tuple(AuditLog.CONVERSATION_FLAG, "user:rita", "made-up facts [hallucination, zh]"));
    }

    @Test
    default void deletingOneConversationTakesItsMessagesAndTagsAndIsAudited() {
        long keep = conversation("alice", "Keep", null, "m", null);
        exchange("alice", keep, "Q", "A", null);
        long gone = conversation("bob", "Gone", null, "m", null);
        exchange("bob", gone, "Q", "A", null);
        review().flag(gone, "spam", List.of("spam"), "user:rita");

        review().delete(gone, "user:admin");
        assertThat(ids()).containsExactly(keep);
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM message WHERE conversation_id = ?", Long.class, gone)).isZero();
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM message", Long.class)).isEqualTo(2);
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM conversation_tag", Long.class)).isZero();
        assertThatThrownBy(() -> review().delete(gone, "user:admin")).isInstanceOf(ReviewNotFoundException.class);

        AuditEntry entry = auditEntries().getFirst();
        assertThat(entry.action()).isEqualTo(AuditLog.CONVERSATION_DELETE);
        assertThat(entry.actor()).isEqualTo("user:admin");
        assertThat(entry.target()).isEqualTo("conversation:" + gone);
        assertThat(entry.detail()).isEqualTo("\"Gone\" of bob");
    }

    @Test
    default void deletingAFilteredSetDeletesExactlyWhatTheFilterSelectsAndIsAuditedWithTheCount() {
        long a = conversation("alice", "A", null, "m", null);
        exchange("alice", a, "spam spam", "no", null);
        long b = conversation("bob", "B", null, "m", null);
        exchange("bob", b, "spam", "no", null);
        long c = conversation("alice", "C", null, "m", null);
        exchange("alice", c, "ham", "yes", null);

        assertThatThrownBy(() -> review().deleteMatching(filter(), false, "user:admin"))
                .as("an empty filter would delete everything").isInstanceOfSatisfying(BadParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("all"));
        assertThat(ids()).hasSize(3);

        assertThat(review().deleteMatching(filter("q", "SPAM", "user", "alice"), false, "user:admin")).isEqualTo(1);
        assertThat(ids()).containsExactlyInAnyOrder(b, c);
        AuditEntry entry = auditEntries().getFirst();
        assertThat(entry.action()).isEqualTo(AuditLog.CONVERSATION_DELETE);
        assertThat(entry.target()).isEqualTo("q=\"SPAM\" user=alice");
        assertThat(entry.detail()).isEqualTo("1 conversations");

        assertThat(review().deleteMatching(filter(), true, "user:admin")).isEqualTo(2);
        assertThat(ids()).isEmpty();
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM message", Long.class)).isZero();
        assertThat(auditEntries().getFirst().target()).isEqualTo("all conversations");
    }

    @Test
    default void theAuditLogIsFilteredByActorActionTargetAndTimeAndOutlivesWhatItDescribes() {
        clock().set(Instant.parse("2026-03-01T08:00:00Z"));
        long id = conversation("alice", "Audited", null, "m", null);
        review().view(id, "user:rita");
        clock().set(Instant.parse("2026-03-02T08:00:00Z"));
        review().flag(id, "why", List.of(), "user:sam");
        audit().record(AuditLog.user("admin"), AuditLog.USER_CREATE, "user:newbie", "role REVIEWER");
        review().delete(id, "user:admin");

        assertThat(auditEntries()).hasSize(4);
        assertThat(auditSearch().search(new AuditSearch.Filter("user:admin", null, null, null, null), 0, 10).entries())
                .extracting(AuditEntry::action).containsExactly(AuditLog.CONVERSATION_DELETE, AuditLog.USER_CREATE);
        assertThat(auditSearch().search(new AuditSearch.Filter(null, null, "conversation:" + id, null, null), 0, 10)
                .entries()).as("entries about a deleted conversation stay").hasSize(3);
        assertThat(auditSearch().search(new AuditSearch.Filter(null, null, "user:", null, null), 0, 10).entries())
                .extracting(AuditEntry::target).containsExactly("user:newbie");
        assertThat(auditSearch().search(new AuditSearch.Filter(null, null, null, null,
                Instant.parse("2026-03-02T00:00:00Z")), 0, 10).entries())
                .extracting(AuditEntry::action).containsExactly(AuditLog.CONVERSATION_VIEW);
        AuditSearch.Result page = auditSearch().search(AuditSearch.Filter.ALL, 1, 3);
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.entries()).extracting(AuditEntry::action).containsExactly(AuditLog.CONVERSATION_VIEW);
        assertThat(auditSearch().actions()).containsExactly(AuditLog.CONVERSATION_DELETE, AuditLog.CONVERSATION_FLAG,
                AuditLog.CONVERSATION_VIEW, AuditLog.USER_CREATE);
    }
}

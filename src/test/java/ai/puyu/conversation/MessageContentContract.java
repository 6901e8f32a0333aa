package ai.puyu.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link ConversationService} promises about text, settings and regeneration, on a real
 * database: each class implementing it runs these tests on one database.
 */
interface MessageContentContract extends PersistenceFixture {

    /** Chinese, emoji (surrogate pairs, ZWJ sequences, flags), combining marks, a CJK Extension B ideograph, RTL, SQL wildcards, quotes, control whitespace. */
    String UNICODE = "你好，世界！今天天气怎么样？🌍🚀 👩‍👩‍👧‍👦 🇨🇳 e\u0301 𠀀𪚥 مرحبا بالعالم "
            + "'single' \"double\" \\backslash %percent _underscore\t\r\n— end";

    @Test
    default void unicodeTextRoundTripsExactly() {
        Conversation created = service().create("用户🙂", new NewConversation("对话 🚀", null, "书生·浦语", "cpu",
                new ConversationSettings("你是一个乐于助人的助手。🤖", 128, 0.8, 0.95)));
        long id = created.id();
        service().appendUserMessage("用户🙂", id, UNICODE);
        Message reply = service().startAssistantMessage("用户🙂", id, "书生·浦语", "cpu", SAMPLING);
        service().updateStreamingContent(reply.id(), UNICODE.substring(0, 9));
        service().finishAssistantMessage(reply.id(), MessageOutcome.error(UNICODE + "。", "出错了 💥", STATS));

        ConversationWithMessages read = service().get("用户🙂", id);

        assertThat(read.conversation()).usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(created);
        assertThat(read.conversation().title()).isEqualTo("对话 🚀");
        assertThat(read.conversation().settings().systemPrompt()).isEqualTo("你是一个乐于助人的助手。🤖");
        assertThat(read.messages()).extracting(Message::content).containsExactly(UNICODE, UNICODE + "。");
        assertThat(read.messages().get(1).errorText()).isEqualTo("出错了 💥");
        assertThat(read.messages().get(1).model()).isEqualTo("书生·浦语");
        assertThat(service().list("用户🙂", 0, 10).getContent()).extracting(Conversation::id).containsExactly(id);
    }

    @Test
    default void aOneMegabyteMessageRoundTrips() {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < (1 << 20); line++) {
            text.append(line).append(": 长文本 long text 🎉 ").append("x".repeat(line % 50)).append('\n');
        }
        String big = text.toString();
        long id = create("alice", "big").id();

        service().appendUserMessage("alice", id, big);
        Message reply = service().startAssistantMessage("alice", id, "m", "cpu", null);
        assertThat(service().updateStreamingContent(reply.id(), big.substring(0, big.length() / 2))).isTrue();
        assertThat(messages().findById(reply.id()).orElseThrow().content()).isEqualTo(big.substring(0, big.length() / 2));
        service().finishAssistantMessage(reply.id(), MessageOutcome.complete(big + "!", "length", STATS));

        List<Message> read = service().get("alice", id).messages();
        assertThat(big.length()).isGreaterThanOrEqualTo(1 << 20);
        assertThat(read.get(0).content()).hasSize(big.length()).isEqualTo(big);
        assertThat(read.get(1).content()).isEqualTo(big + "!");
    }

    @Test
    default void aNulCharacterIsStoredAsTheReplacementCharacterOnEveryDatabase() {
        long id = create("alice", "nul").id();
        service().appendUserMessage("alice", id, "a\u0000b");
        Message reply = service().startAssistantMessage("alice", id, "m", "cpu", null);
        service().finishAssistantMessage(reply.id(), MessageOutcome.error("c\u0000", "bad \u0000 byte", null));

        List<Message> read = service().get("alice", id).messages();
        assertThat(read).extracting(Message::content).containsExactly("a\uFFFDb", "c\uFFFD");
        assertThat(read.get(1).errorText()).isEqualTo("bad \uFFFD byte");
    }

    @Test
    default void regenerateDeletesOnlyTheLastReplyAndTheNextReplyTakesItsPlace() {
        long id = create("alice", "regenerate").id();
        exchange("alice", id, "q1", "a1");
        Message last = exchange("alice", id, "q2", "a2");

        Message deleted = service().deleteLastAssistantMessage("alice", id);

        assertThat(deleted).isEqualTo(last);
        assertThat(service().get("alice", id).messages()).extracting(Message::content).containsExactly("q1", "a1", "q2");
        assertThatThrownBy(() -> service().deleteLastAssistantMessage("alice", id))
                .isInstanceOf(MessageStateException.class).hasMessageContaining("is a user message");
        Message again = service().startAssistantMessage("alice", id, "m", "cpu", null);
        assertThat(again.seq()).isEqualTo(last.seq());
        assertThatThrownBy(() -> service().deleteLastAssistantMessage("alice", id))
                .isInstanceOf(MessageStateException.class).hasMessageContaining("still streaming");
        long empty = create("alice", "empty").id();
        assertThatThrownBy(() -> service().deleteLastAssistantMessage("alice", empty))
                .isInstanceOf(MessageStateException.class).hasMessageContaining("has no messages");
    }

    @Test
    default void renameAndSettingsAreStoredAndMoveTheConversationToTheTop() {
        Conversation created = service().create("alice", new NewConversation(null, null, "m", "cpu",
                new ConversationSettings("be terse", 64, 0.2, 0.5)));
        Conversation other = create("alice", "other");
        assertThat(created.title()).isEqualTo(ConversationService.DEFAULT_TITLE);

        Conversation renamed = service().rename("alice", created.id(), "  旅行计划 ✈️  ");
        Conversation changed = service().updateSettings("alice", created.id(), new ConversationSettings(null, 512, 1.0, null));

        Conversation read = service().get("alice", created.id()).conversation();
        assertThat(read).isEqualTo(changed);
        assertThat(read.title()).isEqualTo("旅行计划 ✈️");
        assertThat(read.settings()).isEqualTo(new ConversationSettings(null, 512, 1.0, null));
        assertThat(read.createdAt()).isEqualTo(created.createdAt());
        assertThat(read.updatedAt()).isAfter(renamed.updatedAt()).isAfter(other.updatedAt());
        assertThat(service().list("alice", 0, 1).getContent()).extracting(Conversation::id).containsExactly(created.id());
    }

    @Test
    default void invalidTitlesAndOwnersAreRefusedNamingTheField() {
        long id = create("alice", "fine").id();
        assertThatThrownBy(() -> service().rename("alice", id, "   "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("title must not be blank");
        assertThatThrownBy(() -> service().rename("alice", id, "t".repeat(ConversationService.MAX_TITLE_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("title is longer than 200 characters");
        assertThatThrownBy(() -> create(" ", "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("owner must not be blank");
        assertThat(service().get("alice", id).conversation().title()).isEqualTo("fine");
        assertThat(service().list(" ", 0, 10).getTotalElements()).isZero();
    }
}

package ai.puyu.admin;

import static ai.puyu.admin.AdminFixture.filter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.admin.review.ConversationSummary;
import ai.puyu.admin.review.ReviewPage;
import ai.puyu.admin.review.ReviewSort;
import ai.puyu.conversation.GenerationStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Search, filters, sorting, paging and counts of the review list, on a seeded database. */
interface SearchContract extends AdminFixture {

    String SMALL = "internlm2-chat-1_8b";
    String LARGE = "internlm2-chat-7b";

    /**
     * Five conversations on four days: A (alice, bread, rated good), B (bob through key K, pizza, 100%, finish
     * length, rated bad), C (alice, Chinese, flagged with tags weather and zh), D (carol, failed reply), E (bob
     * through key K, "1000 percent", axb).
     */
    record Seed(long a, long b, long c, long d, long e, long key) {
    }

    default Seed seed() {
        long key = apiKeys().create("evaluation").apiKey().id();
        clock().set(Instant.parse("2026-03-01T10:00:00Z"));
        long a = conversation("alice", "Bread", null, SMALL, "You are a baker.");
        long aReply = exchange("alice", a, "How do I bake Sourdough bread?", "Feed the starter first, then bake at 250°C.",
                new GenerationStats(100, 20, 50, 120.0, 15.0)).id();
        clock().set(Instant.parse("2026-03-02T10:00:00Z"));
        long b = conversation("bob", "Pizza", key, LARGE, null);
        long bReply = exchange("bob", b, "sourdough pizza dough?", "Yes, 100% hydration works.", "length",
                new GenerationStats(200, 40, 150, 80.0, 20.0)).id();
        clock().set(Instant.parse("2026-03-03T10:00:00Z"));
        long c = conversation("alice", "天气", null, SMALL, null);
        exchange("alice", c, "今天北京天气怎么样？", "北京今天天气晴朗，气温二十度。", new GenerationStats(300, 30, 0, 200.0, 10.0));
        clock().set(Instant.parse("2026-03-04T10:00:00Z"));
        long d = conversation("carol", "Broken", null, LARGE, null);
        failed("carol", d, "Tell me a story", "Once upon", "the engine stopped");
        long e = conversation("bob", "Percent", key, SMALL, null);
        exchange("bob", e, "what is 1000 percent?", "Ten times, axb.", new GenerationStats(60, 5, 30, 100.0, 12.0));
        review().rate(null, aReply, "good", "user:rita");
        review().rate(null, bReply, "bad", "user:rita");
        review().flag(c, "check the facts", List.of("Weather", "zh"), "user:rita");
        return new Seed(a, b, c, d, e, key);
    }

    @Test
    default void searchMatchesEveryTermAsACaseInsensitiveSubstringOfAnyMessage() {
        Seed s = seed();
        assertThat(ids("q", "sourdough")).containsExactly(s.b(), s.a());
        assertThat(ids("q", "SOURDOUGH bread")).containsExactly(s.a());
        assertThat(ids("q", "starter bread")).as("terms may match different messages").containsExactly(s.a());
        assertThat(ids("q", "\"bake sourdough\"")).as("a quoted phrase is one term").containsExactly(s.a());
        assertThat(ids("q", "\"sourdough bake\"")).isEmpty();
        assertThat(ids("q", "sourdough nothing-like-this")).isEmpty();
    }

    @Test
    default void searchFindsChineseWordsInsideSentencesWithoutSpaces() {
        Seed s = seed();
        assertThat(ids("q", "天气")).containsExactly(s.c());
        assertThat(ids("q", "北京 晴朗")).containsExactly(s.c());
        assertThat(ids("q", "上海")).isEmpty();
    }

    @Test
    default void searchTreatsLikeWildcardsAsPlainCharacters() {
        Seed s = seed();
        assertThat(ids("q", "100%")).containsExactly(s.b());
        assertThat(ids("q", "a_b")).isEmpty();
        assertThat(ids("q", "axb")).containsExactly(s.e());
        assertThat(ids("q", "250°c")).containsExactly(s.a());
    }

    @Test
    default void filtersByDateUserKeyModelRatingFlagTagFinishReasonAndStatus() {
        Seed s = seed();
        assertThat(ids("from", "2026-03-02")).containsExactly(s.e(), s.d(), s.c(), s.b());
        assertThat(ids("to", "2026-03-02")).as("a date as upper bound includes that day").containsExactly(s.b(), s.a());
        assertThat(ids("from", "2026-03-02T12:00")).containsExactly(s.e(), s.d(), s.c());
        assertThat(ids("from", "2026-03-02T11:00+02:00", "to", "2026-03-03T10:00:00Z")).containsExactly(s.b());
        assertThat(ids("user", "alice")).containsExactly(s.c(), s.a());
        assertThat(ids("apiKey", Long.toString(s.key()))).containsExactly(s.e(), s.b());
        assertThat(ids("model", LARGE)).containsExactly(s.d(), s.b());
        assertThat(ids("rating", "good")).containsExactly(s.a());
        assertThat(ids("rating", "bad")).containsExactly(s.b());
        assertThat(ids("rating", "rated")).containsExactly(s.b(), s.a());
        assertThat(ids("rating", "unrated")).containsExactly(s.e(), s.d(), s.c());
        assertThat(ids("flagged", "true")).containsExactly(s.c());
        assertThat(ids("flagged", "false")).containsExactly(s.e(), s.d(), s.b(), s.a());
        assertThat(ids("tag", "WEATHER")).containsExactly(s.c());
        assertThat(ids("tag", "other")).isEmpty();
        assertThat(ids("finishReason", "length")).containsExactly(s.b());
        assertThat(ids("finishReason", "stop")).containsExactly(s.e(), s.c(), s.a());
        assertThat(ids("status", "error")).containsExactly(s.d());
        assertThat(ids("user", "bob", "model", SMALL)).containsExactly(s.e());
        assertThat(ids("user", "alice", "q", "sourdough")).containsExactly(s.a());
        assertThat(ids("user", "", "model", " ")).as("blank values do not filter").hasSize(5);
    }

    @Test
    default void refusesBadFilterValuesNamingTheParameter() {
        Map<String, String> bad = Map.of("rating", "excellent", "from", "yesterday", "to", "2026-13-01",
                "apiKey", "abc", "flagged", "maybe", "status", "done", "finishReason", "STOP!", "tag", "bad tag!");
        bad.forEach((name, value) -> assertThatThrownBy(() -> filter(name, value))
                .isInstanceOfSatisfying(BadParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo(name);
                    assertThat(e.getMessage()).contains(name).contains(value);
                }));
        assertThatThrownBy(() -> filter("from", "2026-03-05", "to", "2026-03-01"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("to"));
        assertThatThrownBy(() -> filter("q", "t0 t1 t2 t3 t4 t5 t6 t7 t8 t9 t10"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("q"));
        assertThatThrownBy(() -> ReviewSort.parse("price"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("sort"));
        assertThatThrownBy(() -> review().search(filter(), ReviewSort.DEFAULT, 0, 0))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("size"));
    }

    @Test
    default void sortsAndPagesAndCountsOverTheWholeSelection() {
        Seed s = seed();
        ReviewSort created = ReviewSort.parse("created,asc");
        ReviewPage first = review().search(filter(), created, 0, 2);
        assertThat(first.items()).extracting(i -> i.conversation().id()).containsExactly(s.a(), s.b());
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.hasNext()).isTrue();
        ReviewPage last = review().search(filter(), created, 2, 2);
        assertThat(last.items()).extracting(i -> i.conversation().id()).containsExactly(s.e());
        assertThat(last.hasNext()).isFalse();
        assertThat(review().search(filter(), created, 3, 2).items()).isEmpty();

        assertThat(review().search(filter(), ReviewSort.parse("title"), 0, 10).items())
                .extracting(i -> i.conversation().id()).containsExactly(s.a(), s.d(), s.e(), s.b(), s.c());
        assertThat(review().search(filter(), ReviewSort.parse("id,desc"), 0, 10).items())
                .extracting(i -> i.conversation().id()).containsExactly(s.e(), s.d(), s.c(), s.b(), s.a());

        ReviewPage all = review().search(filter(), ReviewSort.DEFAULT, 0, 10);
        assertThat(all.counts().conversations()).isEqualTo(5);
        assertThat(all.counts().messages()).isEqualTo(10);
        assertThat(all.counts().flagged()).isEqualTo(1);
        assertThat(all.counts().good()).isEqualTo(1);
        assertThat(all.counts().bad()).isEqualTo(1);
        assertThat(all.counts().promptTokens()).isEqualTo(100 + 200 + 300 + 60);
        assertThat(all.counts().completionTokens()).isEqualTo(20 + 40 + 30 + 5);

        ReviewPage bob = review().search(filter("user", "bob"), ReviewSort.DEFAULT, 0, 10);
        assertThat(bob.counts().conversations()).isEqualTo(2);
        assertThat(bob.counts().messages()).isEqualTo(4);
        assertThat(bob.counts().bad()).isEqualTo(1);
        assertThat(bob.counts().good()).isZero();
    }

    @Test
    default void eachLineCarriesItsCountsJudgementAndASnippet() {
        Seed s = seed();
        Map<Long, ConversationSummary> byId = new java.util.HashMap<>();
        review().search(filter(), ReviewSort.DEFAULT, 0, 10).items().forEach(i -> byId.put(i.conversation().id(), i));
        ConversationSummary a = byId.get(s.a());
        assertThat(a.messages()).isEqualTo(2);
        assertThat(a.promptTokens()).isEqualTo(100);
        assertThat(a.completionTokens()).isEqualTo(20);
        assertThat(a.good()).isEqualTo(1);
        assertThat(a.bad()).isZero();
        assertThat(a.snippet()).isEqualTo("How do I bake Sourdough bread?");
        assertThat(a.conversation().systemPrompt()).isEqualTo("You are a baker.");
        assertThat(byId.get(s.d()).errors()).isEqualTo(1);
        ConversationSummary b = byId.get(s.b());
        assertThat(b.conversation().apiKeyId()).isEqualTo(s.key());
        assertThat(b.conversation().apiKeyName()).isEqualTo("evaluation");
        ConversationSummary c = byId.get(s.c());
        assertThat(c.conversation().flag().reason()).isEqualTo("check the facts");
        assertThat(c.conversation().flag().tags()).containsExactly("weather", "zh");

        ConversationSummary hit = review().search(filter("q", "晴朗"), ReviewSort.DEFAULT, 0, 10).items().getFirst();
        assertThat(hit.snippet()).startsWith("北京今天天气晴朗");
    }
}

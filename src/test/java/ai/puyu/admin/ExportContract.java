package ai.puyu.admin;

import static ai.puyu.admin.AdminFixture.filter;
import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.audit.AuditEntry;
import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.Conversation;
import ai.puyu.conversation.ConversationWithMessages;
import ai.puyu.conversation.GenerationStats;
import ai.puyu.conversation.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The JSONL export: parsed back and compared field by field with the database; a large export streams in batches. */
interface ExportContract extends AdminFixture {

    /** The export of {@code filter}, whole, as text. */
    default String exportText(String... filter) {
        List<byte[]> chunks = export().export(filter(filter), "user:rita").collectList().block(Duration.ofSeconds(60));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Objects.requireNonNull(chunks).forEach(out::writeBytes);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    default void theExportParsedBackEqualsWhatTheDatabaseHolds() {
        long key = apiKeys().create("eval key").apiKey().id();
        long a = conversation("alice", "Quotes \"and\" lines", key, "internlm2-chat-1_8b", "Be \"exact\".\nAlways.");
        Message good = exchange("alice", a, "Line one\nline two \u2028 emoji 🎉 tab\t", "中文回答：你好！",
                new GenerationStats(321, 54, 300, 12.5, 17.25));
        failed("alice", a, "again", "par", "engine \"stopped\"");
        review().rate(null, good.id(), "good", "user:rita");
        review().flag(a, "check", List.of("zh", "quotes"), "user:rita");
        long b = conversation("bob", "Empty", null, null, null);
        long c = conversation("alice", "Other", null, "m", null);
        exchange("alice", c, "x", "y", null);

        String text = exportText("user", "alice");
        assertThat(text).endsWith("\n");
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(2);
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(json().readTree(line));
        }
        assertThat(parsed).extracting(n -> n.get("id").asLong()).containsExactly(a, c);
        for (JsonNode line : parsed) {
            assertMatchesDatabase(line);
        }
        JsonNode first = parsed.getFirst();
        assertThat(first.get("apiKeyName").asString()).isEqualTo("eval key");
        assertThat(first.get("flag").get("reason").asString()).isEqualTo("check");
        assertThat(first.get("flag").get("tags")).extracting(JsonNode::asString).containsExactly("quotes", "zh");
        assertThat(first.get("messages").get(1).get("rating").asString()).isEqualTo("good");
        assertThat(first.get("messages").get(1).get("ratedBy").asString()).isEqualTo("user:rita");
        assertThat(parsed.get(1).get("flag").isNull()).isTrue();

        AuditEntry entry = auditEntries().getFirst();
        assertThat(entry.action()).isEqualTo(AuditLog.CONVERSATION_EXPORT);
        assertThat(entry.actor()).isEqualTo("user:rita");
        assertThat(entry.target()).isEqualTo("user=alice");
        assertThat(entry.detail()).isEqualTo("2 conversations");

        assertThat(exportText().split("\n")).hasSize(3);
        assertThat(exportText("q", "nothing matches this")).isEmpty();
        assertThat(auditEntries().getFirst().detail()).isEqualTo("0 conversations");
        assertThat(b).isPositive();
    }

    /** Every field of an exported line against the conversation services' own view and the review columns. */
    private void assertMatchesDatabase(JsonNode line) {
        long id = line.get("id").asLong();
        String owner = line.get("owner").asString();
        ConversationWithMessages stored = conversations().get(owner, id);
        Conversation c = stored.conversation();
        assertThat(line.get("title").asString()).isEqualTo(c.title());
        assertThat(nullableLong(line.get("apiKeyId"))).isEqualTo(c.apiKeyId());
        assertThat(text(line.get("model"))).isEqualTo(c.model());
        assertThat(text(line.get("backend"))).isEqualTo(c.backend());
        assertThat(text(line.get("systemPrompt"))).isEqualTo(c.settings().systemPrompt());
        assertThat(nullableLong(line.get("settings").get("maxNewTokens")))
                .isEqualTo(c.settings().maxNewTokens() == null ? null : c.settings().maxNewTokens().longValue());
        assertThat(Instant.parse(line.get("createdAt").asString())).isEqualTo(c.createdAt());
        assertThat(Instant.parse(line.get("updatedAt").asString())).isEqualTo(c.updatedAt());
        JsonNode messages = line.get("messages");
        assertThat(messages.size()).isEqualTo(stored.messages().size());
        for (int i = 0; i < stored.messages().size(); i++) {
            Message m = stored.messages().get(i);
            JsonNode e = messages.get(i);
            assertThat(e.get("id").asLong()).isEqualTo(m.id());
            assertThat(e.get("seq").asInt()).isEqualTo(m.seq());
            assertThat(e.get("role").asString()).isEqualTo(m.role().wireName());
            assertThat(e.get("content").asString()).isEqualTo(m.content());
            assertThat(e.get("status").asString()).isEqualTo(m.status().wireName());
            assertThat(text(e.get("finishReason"))).isEqualTo(m.finishReason());
            assertThat(text(e.get("errorText"))).isEqualTo(m.errorText());
            assertThat(Instant.parse(e.get("createdAt").asString())).isEqualTo(m.createdAt());
            assertThat(e.get("finishedAt").isNull() ? null : Instant.parse(e.get("finishedAt").asString()))
                    .isEqualTo(m.finishedAt());
            if (m.stats() == null) {
                assertThat(e.get("usage").isNull()).isTrue();
                assertThat(e.get("timeToFirstTokenMs").isNull()).isTrue();
            } else {
                assertThat(e.get("usage").get("promptTokens").asInt()).isEqualTo(m.stats().promptTokens());
                assertThat(e.get("usage").get("completionTokens").asInt()).isEqualTo(m.stats().completionTokens());
                assertThat(e.get("usage").get("cachedTokens").asInt()).isEqualTo(m.stats().cachedTokens());
                assertThat(e.get("timeToFirstTokenMs").asDouble()).isEqualTo(m.stats().timeToFirstTokenMs());
                assertThat(e.get("tokensPerSecond").asDouble()).isEqualTo(m.stats().decodeTokensPerSecond());
            }
            if (m.sampling() == null) {
                assertThat(e.get("sampling").isNull()).isTrue();
            } else {
                assertThat(e.get("sampling").get("temperature").asDouble()).isEqualTo(m.sampling().temperature());
                assertThat(e.get("sampling").get("topK").asInt()).isEqualTo(m.sampling().topK());
                assertThat(e.get("sampling").get("seed").asLong()).isEqualTo(m.sampling().seed());
                assertThat(e.get("sampling").get("frequencyPenalty").asDouble()).isEqualTo(m.sampling().frequencyPenalty());
            }
            String rating = jdbc().queryForObject("SELECT rating FROM message WHERE id = ?", String.class, m.id());
            assertThat(text(e.get("rating"))).isEqualTo(rating);
        }
    }

    @Test
    default void aLargeExportIsReadAndWrittenInBoundedBatchesByAscendingId() {
        int n = 3000;
        OffsetDateTime at = OffsetDateTime.of(2026, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {"owner" + (i % 7), "Conversation " + i, "m", at, at});
        }
        jdbc().batchUpdate("INSERT INTO conversation (owner, title, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", rows);
        List<Long> ids = jdbc().queryForList("SELECT id FROM conversation ORDER BY id", Long.class);
        List<Object[]> messages = new ArrayList<>();
        for (long id : ids) {
            messages.add(new Object[] {id, 0, "user", "question " + id, "complete", at});
            messages.add(new Object[] {id, 1, "assistant", "answer " + id + " " + "x".repeat(200), "complete", at});
        }
        jdbc().batchUpdate("INSERT INTO message (conversation_id, seq, role, content, status, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", messages);

        List<byte[]> chunks = export().export(filter(), "user:rita").collectList().block(Duration.ofSeconds(120));
        assertThat(chunks).hasSize((n + 99) / 100);
        List<Long> exported = new ArrayList<>();
        for (byte[] chunk : Objects.requireNonNull(chunks)) {
            String[] lines = new String(chunk, StandardCharsets.UTF_8).split("\n");
            assertThat(lines.length).as("one batch per chunk").isLessThanOrEqualTo(100);
            for (String line : lines) {
                JsonNode node = json().readTree(line);
                exported.add(node.get("id").asLong());
                assertThat(node.get("messages").get(1).get("content").asString()).startsWith("answer " + node.get("id").asLong());
            }
        }
        assertThat(exported).isEqualTo(ids);
        assertThat(auditEntries().getFirst().detail()).isEqualTo(n + " conversations");

        // Taking one chunk and going away reads one batch only: the export is pulled, not pushed.
        assertThat(export().export(filter(), "user:sam").take(1).collectList().block(Duration.ofSeconds(60))).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> auditEntries().getFirst().actor().equals("user:sam"));
        assertThat(auditEntries().getFirst().detail()).isEqualTo("cancelled by the client after 100 conversations");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static Long nullableLong(JsonNode node) {
        return node == null || node.isNull() ? null : node.asLong();
    }
}

package ai.puyu.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two tiny hand-built BPE models (ops/reference/tokenizer/make_small_models.py) that exercise UNUSED
 * pieces and resegmentation, score ties, -0.0 == 0.0 scores, add_dummy_prefix, remove_extra_whitespaces,
 * runs of {@code <unk>} without byte fallback, and malformed byte sequences in decoding, each compared
 * with python3-sentencepiece's output. These need nothing outside the repository.
 */
class SmallModelTests {

    private final Map<String, Tokenizer> tokenizers = new HashMap<>();

    private Tokenizer tokenizer(String model) {
        return tokenizers.computeIfAbsent(model, m -> {
            try {
                return Tokenizer.fromBytes(Files.readAllBytes(ReferenceCorpus.resource(m)), null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<JsonNode> reference() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(ReferenceCorpus.resource("small_reference.jsonl"), StandardCharsets.UTF_8)) {
            rows.add(json.readTree(line));
        }
        return rows;
    }

    private static int[] ids(JsonNode row) {
        JsonNode a = row.get("ids");
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    @Test
    void encodesExactlyLikeSentencepiece() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode row : reference()) {
            if (row.get("text").isNull()) {
                continue;
            }
            checked++;
            String text = row.get("text").asString();
            int[] got = tokenizer(row.get("model").asString()).encode(text);
            if (!Arrays.equals(got, ids(row))) {
                failures.add(row.get("model").asString() + " \"" + text + "\" -> " + Arrays.toString(got)
                        + ", expected " + Arrays.toString(ids(row)));
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(failures).isEmpty();
    }

    @Test
    void decodesExactlyLikeSentencepieceAlsoWhenStreaming() throws IOException {
        List<String> failures = new ArrayList<>();
        for (JsonNode row : reference()) {
            Tokenizer t = tokenizer(row.get("model").asString());
            String expected = row.get("decode").asString();
            String whole = t.decode(ids(row));
            IncrementalDecoder d = t.newDecoder();
            StringBuilder streamed = new StringBuilder();
            for (int id : ids(row)) {
                streamed.append(d.push(id));
            }
            streamed.append(d.flush());
            if (!whole.equals(expected) || !streamed.toString().equals(expected)) {
                failures.add(row.get("model").asString() + " " + Arrays.toString(ids(row)) + " -> \"" + whole + "\" / \""
                        + streamed + "\", expected \"" + expected + "\"");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void holdsBackAnIncompleteCharacterUntilItsLastByte() {
        Tokenizer t = tokenizer("small_bytes.model");
        IncrementalDecoder d = t.newDecoder();
        // 你 = E4 BD A0; byte piece <0xNN> has id 3 + NN in this model.
        assertThat(d.push(3 + 0xE4)).isEmpty();
        assertThat(d.push(3 + 0xBD)).isEmpty();
        assertThat(d.push(3 + 0xA0)).isEqualTo("你");
        assertThat(d.push(3 + 0xE4)).isEmpty();
        assertThat(d.flush()).isEqualTo("\uFFFD");
    }

    @Test
    void rejectsIdsOutsideTheVocabulary() {
        Tokenizer t = tokenizer("small_bytes.model");
        assertThatThrownBy(() -> t.decode(new int[] {t.vocabSize()}))
                .hasMessage("token id " + t.vocabSize() + " is out of range (vocabulary has " + t.vocabSize() + " pieces)");
        assertThatThrownBy(() -> t.newDecoder().push(-1)).hasMessageContaining("out of range");
    }

    @Test
    void findsSpecialTokensByPieceTextWhenTheVocabularyIsNotInternLm2s() {
        Tokenizer t = tokenizer("small_bytes.model");
        assertThat(t.bosId()).isEqualTo(1);
        assertThat(t.eosId()).isEqualTo(2);
        assertThat(t.specialId("<s>")).hasValue(1);
        assertThat(t.specialId("<|im_start|>")).isEmpty();
        assertThat(t.encodeTemplate("<s>hello</s>")).containsExactly(1, 271, 2);
        assertThat(t.decode(t.encodeTemplate("<s>hello</s>"))).isEqualTo("hello");
    }

    @Test
    void rejectsAConfigTokenOutsideTheVocabulary() throws IOException {
        byte[] model = Files.readAllBytes(ReferenceCorpus.resource("small_bytes.model"));
        String config = "{\"added_tokens_decoder\": {\"99999\": {\"content\": \"<|x|>\", \"special\": true}}}";
        assertThatThrownBy(() -> Tokenizer.fromBytes(model, config))
                .hasMessageContaining("added token 99999 ('<|x|>') is outside the vocabulary");
        assertThatThrownBy(() -> Tokenizer.fromBytes(model, "{not json"))
                .hasMessageStartingWith("tokenizer_config.json: not valid JSON");
    }

    @Test
    void treatsAConfiguredSpecialPieceAsPlainTextOutsideTemplates() throws IOException {
        byte[] model = Files.readAllBytes(ReferenceCorpus.resource("small_bytes.model"));
        // Make the user-defined piece "<sep>" (id 259) a special token named <|sep|>.
        String config = "{\"added_tokens_decoder\": {\"259\": {\"content\": \"<|sep|>\", \"special\": true}}}";
        Tokenizer t = Tokenizer.fromBytes(model, config);
        Tokenizer plain = tokenizer("small_bytes.model");
        assertThat(t.encodeTemplate("hello<|sep|>world")).containsExactly(271, 259, 276);
        assertThat(Arrays.stream(t.encode("hello<sep>world"))).doesNotContain(259);
        assertThat(t.decode(t.encode("hello<sep>world"))).isEqualTo("hello<sep>world");
        assertThat(plain.encode("hello<sep>world")).containsExactly(271, 259, 276);
        assertThat(t.decode(new int[] {259})).isEqualTo("<|sep|>");
    }
}

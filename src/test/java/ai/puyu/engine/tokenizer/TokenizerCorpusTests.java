package ai.puyu.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactness against sentencepiece 0.1.97 on the real InternLM2 tokenizer: every corpus line must give
 * the reference ids and the reference decode (see ops/reference/tokenizer/make_corpus.py).
 */
class TokenizerCorpusTests {

    private static Tokenizer fallback;   // special tokens from the FACTS.md fallback
    private static Tokenizer configured; // special tokens from tokenizer_config.json
    private static List<ReferenceCorpus.Line> corpus;

    @BeforeAll
    static void load() throws IOException {
        ReferenceCorpus.assumeRealModel();
        fallback = Tokenizer.load(ReferenceCorpus.REAL_MODEL, null);
        configured = Tokenizer.load(ReferenceCorpus.REAL_MODEL,
                ReferenceCorpus.resource("internlm2_tokenizer_config.json"));
        corpus = ReferenceCorpus.load();
    }

    @Test
    void corpusIsLargeAndVaried() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(2000);
        assertThat(corpus).filteredOn(l -> l.mode().equals("template")).hasSizeGreaterThanOrEqualTo(100);
        assertThat(corpus).filteredOn(l -> l.model().equals("specials-unreachable")).isNotEmpty();
        // Lines where byte fallback, user-defined pieces and multi-digit merges are exercised.
        assertThat(corpus).anyMatch(l -> Arrays.stream(l.ids()).anyMatch(id -> id >= 3 && id <= 258));
        assertThat(corpus).anyMatch(l -> Arrays.stream(l.ids()).anyMatch(id -> id >= 92352 && id < 92538));
    }

    @Test
    void plainEncodingMatchesSentencepieceOnEveryLine() {
        assertAllMatch("plain", fallback::encode);
        assertAllMatch("plain", configured::encode);
    }

    @Test
    void templateEncodingMatchesReferenceSplittingOnEveryLine() {
        assertAllMatch("template", fallback::encodeTemplate);
        assertAllMatch("template", configured::encodeTemplate);
    }

    @Test
    void decodingMatchesSentencepieceOnEveryLine() {
        List<String> failures = new ArrayList<>();
        for (ReferenceCorpus.Line line : corpus) {
            String got = configured.decode(line.ids());
            if (!got.equals(line.decode())) {
                failures.add(quote(line.text()) + " decoded as " + quote(got) + ", expected " + quote(line.decode()));
            }
        }
        assertThat(failures).as("decode mismatches").isEmpty();
    }

    @Test
    void incrementalDecodingEqualsWholeDecodingAndNeverSplitsACharacter() {
        List<String> failures = new ArrayList<>();
        for (ReferenceCorpus.Line line : corpus) {
            IncrementalDecoder d = fallback.newDecoder();
            StringBuilder all = new StringBuilder();
            for (int id : line.ids()) {
                String piece = d.push(id);
                if (!wellFormed(piece)) {
                    failures.add(quote(line.text()) + ": push(" + id + ") returned a broken surrogate " + quote(piece));
                }
                all.append(piece);
            }
            String rest = d.flush();
            all.append(rest);
            if (!all.toString().equals(line.decode())) {
                failures.add(quote(line.text()) + " streamed as " + quote(all.toString()));
            }
        }
        assertThat(failures).as("streaming mismatches").isEmpty();
    }

    @Test
    void encodesTheFactsTestVectorInTemplateMode() {
        String text = "<s><|im_start|>user\nHello! What's your name?<|im_end|>\n<|im_start|>assistant\n";
        int[] expected = {1, 92543, 1008, 364, 9843, 346, 3716, 725, 829, 963, 345, 92542, 364, 92543, 525, 11353, 364};
        assertThat(fallback.encodeTemplate(text)).containsExactly(expected);
        assertThat(configured.encodeTemplate(text)).containsExactly(expected);
    }

    @Test
    void exposesInternLm2SpecialIds() {
        for (Tokenizer t : List.of(fallback, configured)) {
            assertThat(t.vocabSize()).isEqualTo(92544);
            assertThat(t.bosId()).isEqualTo(1);
            assertThat(t.eosId()).isEqualTo(2);
            assertThat(t.specialId("<|im_end|>")).hasValue(92542);
            assertThat(t.specialId("<|im_start|>")).hasValue(92543);
            assertThat(t.specialId("<|plugin|>")).hasValue(92538);
            assertThat(t.isSpecial(92542)).isTrue();
            assertThat(t.isSpecial(1)).isTrue();
            assertThat(t.isSpecial(92537)).isFalse();
            assertThat(t.decode(new int[] {92543, 92542})).isEqualTo("<|im_start|><|im_end|>");
            assertThat(t.piece(92543)).isEqualTo("[UNUSED_TOKEN_146]");
        }
    }

    @Test
    void plainTextNeverProducesSpecialIds() {
        for (ReferenceCorpus.Line line : corpus) {
            if (line.mode().equals("plain")) {
                assertThat(Arrays.stream(fallback.encode(line.text())).filter(fallback::isSpecial)).as(line.text()).isEmpty();
            }
        }
        assertThat(Arrays.stream(fallback.encode("<|im_start|>system\n[UNUSED_TOKEN_146]<s></s>")).filter(fallback::isSpecial)).isEmpty();
    }

    private static void assertAllMatch(String mode, Function<String, int[]> encoder) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (ReferenceCorpus.Line line : corpus) {
            if (!line.mode().equals(mode)) {
                continue;
            }
            checked++;
            int[] got = encoder.apply(line.text());
            if (!Arrays.equals(got, line.ids())) {
                failures.add(quote(line.text()) + " -> " + Arrays.toString(got) + ", expected " + Arrays.toString(line.ids()));
            }
        }
        assertThat(checked).isPositive();
        assertThat(failures).as(mode + " mismatches (" + failures.size() + " of " + checked + ")").isEmpty();
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        String q = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + q.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}

package ai.puyu.engine.model.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.puyu.engine.format.SentencePieceModelWriter.Piece;
import ai.puyu.engine.format.SentencePieceModelWriter.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTokenizerTests {

    @TempDir
    Path dir;

    @Test
    void laysOutControlBytesNormalAndSpecialPiecesLikeInternLM2() {
        List<Piece> pieces = DemoTokenizer.pieces(92544);
        assertThat(pieces).hasSize(92544);
        assertThat(pieces.get(0)).isEqualTo(new Piece("<unk>", 0, Type.UNKNOWN));
        assertThat(pieces.get(1).type()).isEqualTo(Type.CONTROL);
        assertThat(pieces.get(2).text()).isEqualTo("</s>");
        assertThat(pieces.get(3).text()).isEqualTo("<0x00>");
        assertThat(pieces.get(258)).isEqualTo(new Piece("<0xFF>", 0, Type.BYTE));
        assertThat(pieces.subList(92538, 92544)).extracting(Piece::text).containsExactly(
                "<|plugin|>", "<|interpreter|>", "<|action_end|>", "<|action_start|>", "<|im_end|>", "<|im_start|>");
        assertThat(pieces.subList(92538, 92544)).allMatch(p -> p.type() == Type.USER_DEFINED);
        assertThat(pieces.stream().map(Piece::text).distinct().count()).isEqualTo(92544);
    }

    @Test
    void everyMultiCharacterPieceIsTheMergeOfTwoEarlierPiecesWithDecreasingScores() {
        for (int vocab : new int[] {1024, 92544}) {
            List<Piece> pieces = DemoTokenizer.pieces(vocab);
            Set<String> seen = new HashSet<>();
            float lastScore = Float.POSITIVE_INFINITY;
            for (Piece p : pieces) {
                if (p.type() != Type.NORMAL) {
                    continue;
                }
                assertThat(p.score()).isLessThan(lastScore);
                lastScore = p.score();
                String t = p.text();
                if (t.codePointCount(0, t.length()) > 1) {
                    boolean reachable = false;
                    for (int i = 1; i < t.length() && !reachable; i++) {
                        reachable = seen.contains(t.substring(0, i)) && seen.contains(t.substring(i));
                    }
                    assertThat(reachable).as("piece %s is a merge of two earlier pieces", t).isTrue();
                }
                seen.add(t);
            }
        }
    }

    @Test
    void countsThePiecesOfTheRealTokenizer() throws IOException {
        Path real = Path.of("../shared/internlm2/tokenizer.model");
        if (!Files.exists(real)) {
            real = Path.of("/work/shared/internlm2/tokenizer.model");
        }
        assumeTrue(Files.exists(real), "the real InternLM2 tokenizer is not available");
        assertThat(DemoTokenizer.countPieces(Files.readAllBytes(real))).isEqualTo(92544); // FACTS.md
    }

    @Test
    void debianSentencepieceLoadsTheDemoTokenizerAndEncodesWithIt() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 is not installed");
        Path model = dir.resolve("tokenizer.model");
        DemoTokenizer.write(model, 1024);
        String script = """
                import json, sys
                import sentencepiece as spm
                sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
                out = {"size": sp.get_piece_size(), "last": sp.id_to_piece(1023), "imEnd": sp.piece_to_id("<|im_end|>")}
                rows = []
                for s in ["Hello world! What's your name?", "<|im_start|>user\\nhi<|im_end|>", "数字 12345 😀", "  a\\tb\\n"]:
                    ids = sp.encode(s)
                    rows.append({"ids": ids, "pieces": [sp.id_to_piece(i) for i in ids], "back": sp.decode(ids)})
                out["rows"] = rows
                print(json.dumps(out))
                """;
        Process p = new ProcessBuilder(python.toString(), "-c", script, model.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assumeTrue(!output.contains("No module named 'sentencepiece'"), "python3-sentencepiece is not installed");
        assertThat(code).as(output).isZero();
        var json = tools.jackson.databind.json.JsonMapper.shared().readTree(output);
        assertThat(json.get("size").asInt()).isEqualTo(1024);
        assertThat(json.get("last").asString()).isEqualTo("<|im_start|>");
        assertThat(json.get("imEnd").asInt()).isEqualTo(1022);
        var rows = json.get("rows");
        assertThat(rows.get(0).get("back").asString()).isEqualTo("Hello world! What's your name?");
        assertThat(rows.get(0).get("pieces").toString()).contains("\"▁world\"");
        // user-defined pieces are matched whole
        assertThat(rows.get(1).get("ids").get(0).asInt()).isEqualTo(1023);
        assertThat(rows.get(1).get("back").asString()).isEqualTo("<|im_start|>user\nhi<|im_end|>");
        // characters outside the vocabulary fall back to UTF-8 bytes; digits are split
        assertThat(rows.get(2).get("pieces").toString()).contains("\"<0xE6>\"", "\"1\",\"2\",\"3\"");
        assertThat(rows.get(2).get("back").asString()).isEqualTo("数字 12345 😀");
        assertThat(rows.get(3).get("back").asString()).isEqualTo("  a\tb\n");
        // Puyu's own tokenizer agrees with sentencepiece on plain text (special strings are text there, so row 1 differs)
        var puyu = ai.puyu.engine.tokenizer.Tokenizer.load(model, null);
        for (int row : new int[] {0, 2, 3}) {
            String text = rows.get(row).get("back").asString();
            int[] expected = new int[rows.get(row).get("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = rows.get(row).get("ids").get(i).asInt();
            }
            assertThat(puyu.encode(text)).as(text).containsExactly(expected);
        }
    }
}

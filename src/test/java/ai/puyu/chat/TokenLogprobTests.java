package ai.puyu.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.model.Checkpoint;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.sampling.Logprobs;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The texts and bytes of logprob entries: a token's own text, OpenAI's \xNN for bytes that are not UTF-8 alone. */
class TokenLogprobTests {

    @TempDir
    Path dir;

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void validUtf8IsItsTextAndBrokenBytesAreEscapedOneByOne() {
        assertThat(TokenLogprob.text(" héllo".getBytes(StandardCharsets.UTF_8))).isEqualTo(" héllo");
        assertThat(TokenLogprob.text("😊".getBytes(StandardCharsets.UTF_8))).isEqualTo("😊");
        assertThat(TokenLogprob.text(bytes(0xe4))).isEqualTo("\\xe4");
        assertThat(TokenLogprob.text(bytes(0xbd))).isEqualTo("\\xbd");
        assertThat(TokenLogprob.text(bytes(0xf0, 0x9f, 0x98))).isEqualTo("\\xf0\\x9f\\x98");
        assertThat(TokenLogprob.text(bytes('a', 0xe4, 0xbd))).isEqualTo("a\\xe4\\xbd");
        assertThat(TokenLogprob.text(bytes(0xe4, 'b'))).isEqualTo("\\xe4b");
        assertThat(TokenLogprob.text(new byte[0])).isEmpty();
    }

    @Test
    void entriesTakeEachTokensOwnBytesFromTheTokenizer() throws Exception {
        DemoCheckpoint.write(dir, new DemoCheckpoint.Options("tiny", 42, DType.BF16, null), LoadProgress.NONE);
        try (Checkpoint ckpt = Checkpoint.open(dir, LoadProgress.NONE)) {
            Tokenizer tok = Tokenizer.load(ckpt.tokenizerModel(), ckpt.tokenizerConfig().orElse(null));
            int last = -1; // a piece that starts with a space (U+2581), such as "▁the"
            for (int id = 0; id < tok.vocabSize() && last < 0; id++) {
                if (!tok.isSpecial(id) && tok.piece(id).startsWith("\u2581") && tok.piece(id).length() > 1) {
                    last = id;
                }
            }
            int imEnd = tok.specialId("<|im_end|>").orElseThrow();
            int eos = tok.eosId();
            int byteE4 = tok.encode("\u4f60")[0]; // a character outside the demo vocabulary: byte fallback
            Logprobs lp = new Logprobs(last, -0.5, new int[] {last, imEnd, eos, byteE4},
                    new double[] {-0.5, -1, -2, -3});
            TokenLogprob entry = TokenLogprob.of(lp, tok);

            assertThat(entry.token()).startsWith(" ").isEqualTo(tok.piece(last).replace('\u2581', ' '));
            assertThat(entry.bytes()).isEqualTo(entry.token().getBytes(StandardCharsets.UTF_8));
            assertThat(entry.logprob()).isEqualTo(-0.5);
            assertThat(entry.top()).extracting(TokenLogprob::token)
                    .containsExactly(entry.token(), "<|im_end|>", tok.piece(eos), "\\xe4");
            assertThat(entry.top()).extracting(TokenLogprob::logprob).containsExactly(-0.5, -1.0, -2.0, -3.0);
            assertThat(entry.top().get(2).bytes()).isEmpty(); // a control piece adds no text
            assertThat(entry.top().get(3).bytes()).containsExactly((byte) 0xe4);
            assertThat(entry.top()).allSatisfy(t -> assertThat(t.top()).isEmpty());
        }
    }
}

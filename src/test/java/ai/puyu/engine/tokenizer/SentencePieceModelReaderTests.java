package ai.puyu.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.engine.format.SentencePieceModelReader;
import ai.puyu.engine.format.SentencePieceModelReader.ModelType;
import ai.puyu.engine.format.SentencePieceModelReader.PieceType;
import ai.puyu.engine.format.SentencePieceModelReader.SentencePieceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The protobuf reader against the real InternLM2 model's documented settings (FACTS.md) and bad input. */
class SentencePieceModelReaderTests {

    @Test
    void readsTheRealInternLm2ModelAsFactsDescribesIt() throws IOException {
        ReferenceCorpus.assumeRealModel();
        SentencePieceModel m = SentencePieceModelReader.read(ReferenceCorpus.REAL_MODEL);
        assertThat(m.pieces()).hasSize(92544);
        assertThat(m.trainerSpec().modelType()).isEqualTo(ModelType.BPE);
        assertThat(m.trainerSpec().byteFallback()).isTrue();
        assertThat(m.trainerSpec().splitDigits()).isTrue();
        assertThat(m.normalizerSpec().name()).isEqualTo("identity");
        assertThat(m.normalizerSpec().addDummyPrefix()).isFalse();
        assertThat(m.normalizerSpec().removeExtraWhitespaces()).isFalse();
        assertThat(m.normalizerSpec().escapeWhitespaces()).isTrue();
        assertThat(m.pieces().get(0).type()).isEqualTo(PieceType.UNKNOWN);
        assertThat(m.pieces().get(1).piece()).isEqualTo("<s>");
        assertThat(m.pieces().get(1).type()).isEqualTo(PieceType.CONTROL);
        assertThat(m.pieces().get(3).piece()).isEqualTo("<0x00>");
        assertThat(m.pieces().get(258).type()).isEqualTo(PieceType.BYTE);
        assertThat(m.pieces().get(92543).piece()).isEqualTo("[UNUSED_TOKEN_146]");
        assertThat(m.pieces().subList(92352, 92544)).allMatch(p -> p.type() == PieceType.USER_DEFINED);
        assertThat(m.pieces().get(260).score()).isGreaterThan(m.pieces().get(261).score());
    }

    @Test
    void rejectsTruncatedInputWithTheSourceName() throws IOException {
        byte[] bytes = Files.readAllBytes(ReferenceCorpus.resource("small_bytes.model"));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> SentencePieceModelReader.decode(cut, "cut.model"))
                .hasMessageStartingWith("not a valid SentencePiece model: cut.model");
        assertThatThrownBy(() -> SentencePieceModelReader.decode(new byte[0], "empty.model"))
                .hasMessage("not a valid SentencePiece model: empty.model has no pieces");
    }

    @Test
    void rejectsNonBpeModels() {
        // One piece, trainer_spec.model_type = UNIGRAM (1).
        byte[] unigram = {0x0A, 0x09, 0x0A, 0x05, '<', 'u', 'n', 'k', '>', 0x18, 0x02, 0x12, 0x02, 0x18, 0x01};
        assertThatThrownBy(() -> Tokenizer.fromBytes(unigram, null)).hasMessageContaining("only BPE is supported");
    }
}

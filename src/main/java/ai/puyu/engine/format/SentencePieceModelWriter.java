package ai.puyu.engine.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a SentencePiece {@code .model} file: the protobuf {@code ModelProto} with its pieces, the
 * trainer spec fields an encoder consults (model type, byte fallback, digit splitting, special ids)
 * and the normalizer spec (identity normalization, whitespace escaped to U+2581).
 */
public final class SentencePieceModelWriter {

    /** Piece types, with their protobuf enum values. */
    public enum Type {
        NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    /**
     * One vocabulary entry; its id is its position in the list.
     *
     * @param text  the piece, with spaces written as U+2581
     * @param score merge priority for BPE (higher merges first)
     * @param type  how the encoder treats it
     */
    public record Piece(String text, float score, Type type) {
    }

    /**
     * The trainer and normalizer settings written to the model.
     *
     * @param bpe              model type BPE (else unigram)
     * @param splitDigits      split runs of digits into single digits
     * @param byteFallback     encode unknown characters as byte pieces
     * @param unkId            id of {@code <unk>}
     * @param bosId            id of {@code <s>}
     * @param eosId            id of {@code </s>}
     * @param padId            id of the pad piece, -1 for none
     * @param addDummyPrefix   prepend a space to the input
     * @param removeExtraWhitespaces collapse runs of spaces
     * @param escapeWhitespaces write spaces as U+2581
     */
    public record Options(boolean bpe, boolean splitDigits, boolean byteFallback, int unkId, int bosId, int eosId,
                          int padId, boolean addDummyPrefix, boolean removeExtraWhitespaces,
                          boolean escapeWhitespaces) {

        /** InternLM2's settings: BPE, byte fallback, split digits, identity normalizer, no dummy prefix. */
        public static Options internLm2() {
            return new Options(true, true, true, 0, 1, 2, -1, false, false, true);
        }
    }

    private SentencePieceModelWriter() {
    }

    /** Writes the model to {@code file}. */
    public static void write(Path file, List<Piece> pieces, Options options) throws IOException {
        Files.write(file, encode(pieces, options));
    }

    /** The serialized {@code ModelProto}. */
    public static byte[] encode(List<Piece> pieces, Options options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pieces.size() * 16 + 256);
        for (Piece p : pieces) {
            ByteArrayOutputStream piece = new ByteArrayOutputStream();
            bytesField(piece, 1, p.text().getBytes(StandardCharsets.UTF_8));
            tag(piece, 2, 5);
            int bits = Float.floatToIntBits(p.score());
            for (int i = 0; i < 4; i++) {
                piece.write(bits >>> (8 * i));
            }
            varintField(piece, 3, p.type().code);
            bytesField(out, 1, piece.toByteArray());
        }
        ByteArrayOutputStream trainer = new ByteArrayOutputStream();
        varintField(trainer, 3, options.bpe() ? 2 : 1);
        varintField(trainer, 4, pieces.size());
        varintField(trainer, 25, options.splitDigits() ? 1 : 0);
        varintField(trainer, 35, options.byteFallback() ? 1 : 0);
        varintField(trainer, 40, options.unkId());
        varintField(trainer, 41, options.bosId());
        varintField(trainer, 42, options.eosId());
        varintField(trainer, 43, options.padId());
        bytesField(out, 2, trainer.toByteArray());
        ByteArrayOutputStream normalizer = new ByteArrayOutputStream();
        bytesField(normalizer, 1, "identity".getBytes(StandardCharsets.UTF_8));
        varintField(normalizer, 3, options.addDummyPrefix() ? 1 : 0);
        varintField(normalizer, 4, options.removeExtraWhitespaces() ? 1 : 0);
        varintField(normalizer, 5, options.escapeWhitespaces() ? 1 : 0);
        bytesField(out, 3, normalizer.toByteArray());
        return out.toByteArray();
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, ((long) field << 3) | wireType);
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        tag(out, field, 0);
        varint(out, value);
    }

    private static void bytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
        tag(out, field, 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    /** Protobuf base-128 varint; negative int32 values take ten bytes, as protobuf encodes them. */
    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}

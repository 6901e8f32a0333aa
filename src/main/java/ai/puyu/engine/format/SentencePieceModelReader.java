package ai.puyu.engine.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SentencePiece {@code .model} file (a serialized {@code sentencepiece.ModelProto}) with a small
 * hand-written protobuf decoder. Only the fields a tokenizer needs are kept; unknown fields are skipped.
 * Defaults follow {@code sentencepiece_model.proto} (proto2 defaults, e.g. add_dummy_prefix true).
 */
public final class SentencePieceModelReader {

    private SentencePieceModelReader() {
    }

    /** Piece types, numbered as in {@code ModelProto.SentencePiece.Type}. */
    public enum PieceType {
        NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

        static PieceType ofProto(long value) {
            return switch ((int) value) {
                case 1 -> NORMAL;
                case 2 -> UNKNOWN;
                case 3 -> CONTROL;
                case 4 -> USER_DEFINED;
                case 5 -> UNUSED;
                case 6 -> BYTE;
                default -> throw new IllegalArgumentException("unknown piece type " + value);
            };
        }
    }

    /** Model types, numbered as in {@code TrainerSpec.ModelType}. */
    public enum ModelType {
        UNIGRAM, BPE, WORD, CHAR;

        static ModelType ofProto(long value) {
            return switch ((int) value) {
                case 1 -> UNIGRAM;
                case 2 -> BPE;
                case 3 -> WORD;
                case 4 -> CHAR;
                default -> throw new IllegalArgumentException("unknown model type " + value);
            };
        }
    }

    /** One vocabulary entry: its text, merge score and type. */
    public record Piece(String piece, float score, PieceType type) {
    }

    /** The trainer settings that matter when encoding and decoding. */
    public record TrainerSpec(ModelType modelType, int vocabSize, boolean byteFallback, boolean splitDigits,
                              boolean treatWhitespaceAsSuffix, int unkId, int bosId, int eosId, int padId,
                              String unkPiece, String bosPiece, String eosPiece, String padPiece, String unkSurface) {
    }

    /** The normalizer settings; {@code precompiledCharsmap} is empty for the "identity" normalizer. */
    public record NormalizerSpec(String name, byte[] precompiledCharsmap, boolean addDummyPrefix,
                                 boolean removeExtraWhitespaces, boolean escapeWhitespaces) {
    }

    /** The decoded model: pieces in id order plus the trainer and normalizer specs. */
    public record SentencePieceModel(List<Piece> pieces, TrainerSpec trainerSpec, NormalizerSpec normalizerSpec) {
    }

    /** Reads and decodes a model file; errors name the file. */
    public static SentencePieceModel read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "tokenizer model file not found");
        }
        return decode(bytes, file.toString());
    }

    /** Decodes a serialized ModelProto; {@code source} names it in error messages. */
    public static SentencePieceModel decode(byte[] bytes, String source) {
        ProtoWireDecoder in = new ProtoWireDecoder(bytes, 0, bytes.length, source);
        List<Piece> pieces = new ArrayList<>();
        TrainerSpec trainer = null;
        NormalizerSpec normalizer = null;
        try {
            while (in.hasMore()) {
                int tag = in.readTag();
                switch (tag >>> 3) {
                    case 1 -> {
                        in.expect(tag, ProtoWireDecoder.LENGTH_DELIMITED);
                        pieces.add(readPiece(in.readMessage(source + " piece " + pieces.size())));
                    }
                    case 2 -> {
                        in.expect(tag, ProtoWireDecoder.LENGTH_DELIMITED);
                        trainer = readTrainerSpec(in.readMessage(source + " trainer_spec"));
                    }
                    case 3 -> {
                        in.expect(tag, ProtoWireDecoder.LENGTH_DELIMITED);
                        normalizer = readNormalizerSpec(in.readMessage(source + " normalizer_spec"));
                    }
                    default -> in.skip(tag);
                }
            }
        } catch (IllegalArgumentException e) {
            // No cause attached: the message is complete, and the CLI prints the innermost cause's message.
            String msg = e.getMessage();
            throw new IllegalArgumentException(msg.startsWith(source) ? "not a valid SentencePiece model: " + msg
                    : "not a valid SentencePiece model: " + source + ": " + msg);
        }
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("not a valid SentencePiece model: " + source + " has no pieces");
        }
        if (trainer == null) {
            trainer = readTrainerSpec(new ProtoWireDecoder(new byte[0], 0, 0, source));
        }
        if (normalizer == null) {
            normalizer = readNormalizerSpec(new ProtoWireDecoder(new byte[0], 0, 0, source));
        }
        return new SentencePieceModel(List.copyOf(pieces), trainer, normalizer);
    }

    private static Piece readPiece(ProtoWireDecoder in) {
        String piece = null;
        float score = 0f;
        PieceType type = PieceType.NORMAL;
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (tag) {
                case 1 << 3 | ProtoWireDecoder.LENGTH_DELIMITED -> piece = in.readString();
                case 2 << 3 | ProtoWireDecoder.FIXED32 -> score = in.readFloat();
                case 3 << 3 | ProtoWireDecoder.VARINT -> type = PieceType.ofProto(in.readVarint());
                default -> in.skip(tag);
            }
        }
        if (piece == null || piece.isEmpty()) {
            throw in.error("piece text is missing or empty");
        }
        return new Piece(piece, score, type);
    }

    private static TrainerSpec readTrainerSpec(ProtoWireDecoder in) {
        ModelType modelType = ModelType.UNIGRAM;
        int vocabSize = 8000;
        boolean byteFallback = false;
        boolean splitDigits = false;
        boolean suffix = false;
        int unkId = 0;
        int bosId = 1;
        int eosId = 2;
        int padId = -1;
        String unkPiece = "<unk>";
        String bosPiece = "<s>";
        String eosPiece = "</s>";
        String padPiece = "<pad>";
        String unkSurface = " \u2047 ";
        while (in.hasMore()) {
            int tag = in.readTag();
            int wire = tag & 7;
            int field = tag >>> 3;
            if (wire == ProtoWireDecoder.VARINT) {
                switch (field) {
                    case 3 -> modelType = ModelType.ofProto(in.readVarint());
                    case 4 -> vocabSize = (int) in.readVarint();
                    case 35 -> byteFallback = in.readBool();
                    case 25 -> splitDigits = in.readBool();
                    case 24 -> suffix = in.readBool();
                    case 40 -> unkId = (int) in.readVarint();
                    case 41 -> bosId = (int) in.readVarint();
                    case 42 -> eosId = (int) in.readVarint();
                    case 43 -> padId = (int) in.readVarint();
                    default -> in.readVarint();
                }
            } else if (wire == ProtoWireDecoder.LENGTH_DELIMITED) {
                switch (field) {
                    case 45 -> unkPiece = in.readString();
                    case 46 -> bosPiece = in.readString();
                    case 47 -> eosPiece = in.readString();
                    case 48 -> padPiece = in.readString();
                    case 44 -> unkSurface = in.readString();
                    default -> in.skip(tag);
                }
            } else {
                in.skip(tag);
            }
        }
        return new TrainerSpec(modelType, vocabSize, byteFallback, splitDigits, suffix, unkId, bosId, eosId, padId,
                unkPiece, bosPiece, eosPiece, padPiece, unkSurface);
    }

    private static NormalizerSpec readNormalizerSpec(ProtoWireDecoder in) {
        String name = "";
        byte[] charsmap = new byte[0];
        boolean dummyPrefix = true;
        boolean removeExtra = true;
        boolean escape = true;
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (tag) {
                case 1 << 3 | ProtoWireDecoder.LENGTH_DELIMITED -> name = in.readString();
                case 2 << 3 | ProtoWireDecoder.LENGTH_DELIMITED -> charsmap = in.readBytes();
                case 3 << 3 | ProtoWireDecoder.VARINT -> dummyPrefix = in.readBool();
                case 4 << 3 | ProtoWireDecoder.VARINT -> removeExtra = in.readBool();
                case 5 << 3 | ProtoWireDecoder.VARINT -> escape = in.readBool();
                default -> in.skip(tag);
            }
        }
        return new NormalizerSpec(name, charsmap, dummyPrefix, removeExtra, escape);
    }
}

package ai.puyu.engine.model.demo;

import ai.puyu.engine.format.SentencePieceModelWriter;
import ai.puyu.engine.format.SentencePieceModelWriter.Piece;
import ai.puyu.engine.format.SentencePieceModelWriter.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SequencedSet;

/**
 * Builds a small but valid SentencePiece BPE model laid out like InternLM2's: 0 {@code <unk>},
 * 1 {@code <s>}, 2 {@code </s>}, 3..258 byte pieces, then normal pieces in which every multi-character
 * piece is the concatenation of two earlier pieces (so BPE can reach it), and the six chat special
 * tokens as user-defined pieces at the very end.
 */
public final class DemoTokenizer {

    /** The chat special tokens in id order; they take the last six ids. */
    public static final List<String> SPECIAL_TOKENS = List.of(
            "<|plugin|>", "<|interpreter|>", "<|action_end|>", "<|action_start|>", "<|im_end|>", "<|im_start|>");

    /** Fewest pieces a demo tokenizer can have: control, bytes, characters, specials and a few merges. */
    public static final int MIN_VOCAB = 512;

    static final String SPACE = "\u2581";

    private static final String WORDS = "the of and to in is you that it he was for on are as with his they at be this"
            + " have from or one had by word but not what all were we when your can said there use an each which she"
            + " do how their if will up other about out many then them these so some her would make like him into"
            + " time has look two more write go see number no way could people my than first water been call who"
            + " oil its now find long down day did get come made may part hello world name what's assistant user"
            + " system model answer question please thank help code data function return value true false null"
            + " class public static void int string new import from def self print python java";

    private DemoTokenizer() {
    }

    /** Writes a demo tokenizer of exactly {@code vocabSize} pieces to {@code file}. */
    public static void write(Path file, int vocabSize) throws IOException {
        SentencePieceModelWriter.write(file, pieces(vocabSize), SentencePieceModelWriter.Options.internLm2());
    }

    /** The pieces of a demo tokenizer with exactly {@code vocabSize} entries. */
    public static List<Piece> pieces(int vocabSize) {
        if (vocabSize < MIN_VOCAB) {
            throw new IllegalArgumentException("a demo tokenizer needs at least " + MIN_VOCAB + " pieces, not "
                    + vocabSize);
        }
        List<Piece> out = new ArrayList<>(vocabSize);
        out.add(new Piece("<unk>", 0, Type.UNKNOWN));
        out.add(new Piece("<s>", 0, Type.CONTROL));
        out.add(new Piece("</s>", 0, Type.CONTROL));
        for (int b = 0; b < 256; b++) {
            out.add(new Piece(String.format(Locale.ROOT, "<0x%02X>", b), 0, Type.BYTE));
        }
        int normal = vocabSize - out.size() - SPECIAL_TOKENS.size();
        int rank = 0;
        for (String text : normalPieces(normal)) {
            out.add(new Piece(text, -rank, Type.NORMAL));
            rank++;
        }
        for (String special : SPECIAL_TOKENS) {
            out.add(new Piece(special, 0, Type.USER_DEFINED));
        }
        return out;
    }

    /** Single characters first, then words built up by merges, then letter n-grams as filler. */
    static SequencedSet<String> normalPieces(int count) {
        SequencedSet<String> pieces = new LinkedHashSet<>();
        pieces.add(SPACE);
        pieces.add("\n");
        pieces.add("\t");
        for (char c = '!'; c <= '~'; c++) {
            pieces.add(String.valueOf(c));
        }
        for (String word : WORDS.split(" ")) {
            String w = SPACE + word;
            for (int end = 2; end <= w.length() && pieces.size() < count; end++) {
                pieces.add(w.substring(0, end)); // prefix + one character: both already pieces
            }
        }
        for (int length = 2; pieces.size() < count; length++) {
            for (String gram : grams(length)) {
                if (pieces.size() >= count) {
                    break;
                }
                pieces.add(gram);
                if (pieces.size() < count) {
                    pieces.add(SPACE + gram);
                }
            }
        }
        if (pieces.size() > count) {
            throw new IllegalStateException("too few pieces for the base characters: " + count);
        }
        return pieces;
    }

    private static Iterable<String> grams(int length) {
        return () -> new java.util.Iterator<>() {
            private final int total = (int) Math.min(Integer.MAX_VALUE, Math.pow(26, length));
            private int next;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public String next() {
                char[] chars = new char[length];
                int n = next++;
                for (int i = length - 1; i >= 0; i--) {
                    chars[i] = (char) ('a' + n % 26);
                    n /= 26;
                }
                return new String(chars);
            }
        };
    }

    /** Counts the pieces of a SentencePiece model file (top-level protobuf field 1). */
    public static int countPieces(byte[] model) {
        int count = 0;
        int pos = 0;
        while (pos < model.length) {
            long[] tag = varint(model, pos);
            pos = (int) tag[1];
            int field = (int) (tag[0] >>> 3);
            int wire = (int) (tag[0] & 7);
            switch (wire) {
                case 0 -> pos = (int) varint(model, pos)[1];
                case 1 -> pos += 8;
                case 5 -> pos += 4;
                case 2 -> {
                    long[] len = varint(model, pos);
                    pos = Math.addExact((int) len[1], Math.toIntExact(len[0]));
                    if (field == 1) {
                        count++;
                    }
                }
                default -> throw new IllegalArgumentException("not a SentencePiece model (wire type " + wire + ")");
            }
            if (pos > model.length) {
                throw new IllegalArgumentException("not a SentencePiece model (truncated protobuf)");
            }
        }
        return count;
    }

    private static long[] varint(byte[] b, int pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= b.length) {
                throw new IllegalArgumentException("not a SentencePiece model (truncated varint)");
            }
            int x = b[pos++];
            value |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return new long[] {value, pos};
            }
        }
        throw new IllegalArgumentException("not a SentencePiece model (bad varint)");
    }
}

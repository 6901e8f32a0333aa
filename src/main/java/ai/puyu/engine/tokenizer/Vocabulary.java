package ai.puyu.engine.tokenizer;

import ai.puyu.engine.format.SentencePieceModelReader.Piece;
import ai.puyu.engine.format.SentencePieceModelReader.PieceType;
import ai.puyu.engine.format.SentencePieceModelReader.SentencePieceModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The lookup tables SentencePiece builds from a model ({@code ModelInterface::InitializePieces}):
 * "normal" pieces (NORMAL, USER_DEFINED, UNUSED) that merges may produce, "reserved" pieces (CONTROL,
 * UNKNOWN, BYTE) that only an exact id lookup finds, and the user-defined symbols matched whole.
 * Pieces in {@code blocked} (special tokens) are left out of the merge table and the matcher, so that
 * plain text can never produce them.
 */
final class Vocabulary {

    final String[] pieces;          // [V]
    final float[] scores;           // [V]
    final PieceType[] types;        // [V]
    final int[] byteValue;          // [V] the byte of a BYTE piece, else -1
    final int[] byteIds;            // [256] id of piece <0xNN> (unk id when missing)
    final PieceTable mergeable;     // normal pieces that merges may produce
    final int[] finalIdOfMergeable; // [V] what PieceToId gives for a mergeable piece's text
    final PrefixMatcher userSymbols;
    final int unkId;
    final boolean byteFallback;
    final boolean hasUnused;
    private final PieceTable pieceToId; // reserved first, then normal pieces: PieceToId's precedence

    Vocabulary(SentencePieceModel model, BitSet blocked, String source) {
        List<Piece> list = model.pieces();
        int n = list.size();
        pieces = new String[n];
        scores = new float[n];
        types = new PieceType[n];
        byteValue = new int[n];
        byte[][] utf8 = new byte[n][];
        int totalBytes = 0;
        int unk = -1;
        boolean unused = false;
        for (int i = 0; i < n; i++) {
            Piece p = list.get(i);
            pieces[i] = p.piece();
            scores[i] = p.score();
            types[i] = p.type();
            utf8[i] = p.piece().getBytes(StandardCharsets.UTF_8);
            totalBytes += utf8[i].length;
            byteValue[i] = -1;
            if (p.type() == PieceType.UNKNOWN) {
                if (unk >= 0) {
                    throw new IllegalArgumentException(source + ": more than one <unk> piece (ids " + unk + " and " + i + ")");
                }
                unk = i;
            } else if (p.type() == PieceType.BYTE) {
                byteValue[i] = parseBytePiece(p.piece(), source, i);
            } else if (p.type() == PieceType.UNUSED) {
                unused = true;
            }
        }
        if (unk < 0) {
            throw new IllegalArgumentException(source + ": the model defines no <unk> piece");
        }
        unkId = unk;
        hasUnused = unused;
        byteFallback = model.trainerSpec().byteFallback();
        mergeable = new PieceTable(n, totalBytes);
        pieceToId = new PieceTable(n, totalBytes);
        List<byte[]> user = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!isNormal(types[i])) {
                if (!pieceToId.putIfAbsent(utf8[i], i)) {
                    throw new IllegalArgumentException(source + ": piece '" + pieces[i] + "' (id " + i + ") is defined twice");
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (isNormal(types[i]) && !blocked.get(i)) {
                if (!mergeable.putIfAbsent(utf8[i], i)) {
                    throw new IllegalArgumentException(source + ": piece '" + pieces[i] + "' (id " + i + ") is defined twice");
                }
                pieceToId.putIfAbsent(utf8[i], i);
                if (types[i] == PieceType.USER_DEFINED) {
                    user.add(utf8[i]);
                }
            }
        }
        finalIdOfMergeable = new int[n];
        for (int i = 0; i < n; i++) {
            finalIdOfMergeable[i] = pieceToId.get(utf8[i], 0, utf8[i].length);
        }
        userSymbols = new PrefixMatcher(user);
        byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byte[] key = String.format("<0x%02X>", b).getBytes(StandardCharsets.US_ASCII);
            int id = pieceToId.get(key, 0, key.length);
            byteIds[b] = id < 0 ? unkId : id;
            if (byteFallback && (id < 0 || types[id] != PieceType.BYTE)) {
                throw new IllegalArgumentException(source + ": byte_fallback is on but byte piece <0x"
                        + String.format("%02X", b) + "> is missing");
            }
        }
    }

    private static boolean isNormal(PieceType t) {
        return t == PieceType.NORMAL || t == PieceType.USER_DEFINED || t == PieceType.UNUSED;
    }

    private static int parseBytePiece(String piece, String source, int id) {
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
            try {
                return Integer.parseInt(piece.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException(source + ": byte piece " + id + " is named '" + piece + "', expected <0xNN>");
    }

    int size() {
        return pieces.length;
    }

    boolean isUnused(int id) {
        return types[id] == PieceType.UNUSED;
    }

    /** SentencePiece's PieceToId on bytes: reserved pieces first, then normal ones, else the unk id. */
    int pieceToId(byte[] b, int off, int len) {
        int id = pieceToId.get(b, off, len);
        return id < 0 ? unkId : id;
    }

    /** PieceToId for a string (unk id when absent). */
    int pieceToId(String piece) {
        byte[] b = piece.getBytes(StandardCharsets.UTF_8);
        return pieceToId(b, 0, b.length);
    }

    /** Exact lookup that returns -1 when the text is no piece at all. */
    int findPiece(String piece) {
        byte[] b = piece.getBytes(StandardCharsets.UTF_8);
        return pieceToId.get(b, 0, b.length);
    }
}

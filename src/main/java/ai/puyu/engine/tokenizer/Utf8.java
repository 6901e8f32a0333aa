package ai.puyu.engine.tokenizer;

/** UTF-8 helpers that reproduce SentencePiece's {@code string_util} rules exactly. */
final class Utf8 {

    static final int REPLACEMENT = 0xFFFD;
    /** Returned by {@link #decode} for malformed input; the consumed length is then 1. */
    static final int INVALID = -1;

    private Utf8() {
    }

    /** SentencePiece's OneCharLen: the length a lead byte announces (1 for stray continuation bytes). */
    static int oneCharLen(byte lead) {
        int hi = (lead & 0xFF) >>> 4;
        return hi < 12 ? 1 : hi < 14 ? 2 : hi == 14 ? 3 : 4;
    }

    /** How many bytes sentencepiece's DecodeUTF8 inspects for this lead byte before deciding. */
    static int neededBytes(byte lead) {
        int b = lead & 0xFF;
        if (b < 0x80) {
            return 1;
        }
        if ((b & 0xE0) == 0xC0) {
            return 2;
        }
        if ((b & 0xF0) == 0xE0) {
            return 3;
        }
        if ((b & 0xF8) == 0xF0) {
            return 4;
        }
        return 1;
    }

    private static boolean isTrail(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean isValidCodepoint(int c) {
        return c < 0xD800 || (c >= 0xE000 && c <= 0x10FFFF);
    }

    /**
     * SentencePiece's DecodeUTF8 on b[off, end): returns the code point, or {@link #INVALID} (consuming
     * one byte). The length consumed is {@code 1} for ASCII or invalid input, else neededBytes(lead).
     */
    static int decode(byte[] b, int off, int end) {
        int len = end - off;
        int b0 = b[off] & 0xFF;
        if (b0 < 0x80) {
            return b0;
        }
        if (len >= 2 && (b0 & 0xE0) == 0xC0) {
            int cp = ((b0 & 0x1F) << 6) | (b[off + 1] & 0x3F);
            if (isTrail(b[off + 1]) && cp >= 0x80 && isValidCodepoint(cp)) {
                return cp;
            }
        } else if (len >= 3 && (b0 & 0xF0) == 0xE0) {
            int cp = ((b0 & 0x0F) << 12) | ((b[off + 1] & 0x3F) << 6) | (b[off + 2] & 0x3F);
            if (isTrail(b[off + 1]) && isTrail(b[off + 2]) && cp >= 0x800 && isValidCodepoint(cp)) {
                return cp;
            }
        } else if (len >= 4 && (b0 & 0xF8) == 0xF0) {
            int cp = ((b0 & 0x07) << 18) | ((b[off + 1] & 0x3F) << 12) | ((b[off + 2] & 0x3F) << 6) | (b[off + 3] & 0x3F);
            if (isTrail(b[off + 1]) && isTrail(b[off + 2]) && isTrail(b[off + 3]) && cp >= 0x10000
                    && isValidCodepoint(cp)) {
                return cp;
            }
        }
        return INVALID;
    }
}

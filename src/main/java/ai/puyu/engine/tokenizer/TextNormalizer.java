package ai.puyu.engine.tokenizer;

import ai.puyu.engine.format.SentencePieceModelReader.NormalizerSpec;
import java.util.Arrays;

/**
 * SentencePiece's {@code Normalizer::Normalize} for models without a precompiled character map (the
 * "identity" normalizer): UTF-8 encoding, optional removal of extra whitespace, optional dummy prefix,
 * and escaping of spaces as U+2581. A lone surrogate in the Java string becomes U+FFFD, as
 * sentencepiece does for malformed input.
 */
final class TextNormalizer {

    private static final byte[] SPACE_SYMBOL = {(byte) 0xE2, (byte) 0x96, (byte) 0x81};

    private final boolean addDummyPrefix;
    private final boolean removeExtraWhitespaces;
    private final boolean escapeWhitespaces;
    private final boolean treatWhitespaceAsSuffix;
    private final PrefixMatcher userSymbols;

    TextNormalizer(NormalizerSpec spec, boolean treatWhitespaceAsSuffix, PrefixMatcher userSymbols, String source) {
        if (spec.precompiledCharsmap().length > 0) {
            throw new IllegalArgumentException(source + ": normalizer '" + spec.name()
                    + "' uses a precompiled character map; only the identity normalizer is supported");
        }
        this.addDummyPrefix = spec.addDummyPrefix();
        this.removeExtraWhitespaces = spec.removeExtraWhitespaces();
        this.escapeWhitespaces = spec.escapeWhitespaces();
        this.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
        this.userSymbols = userSymbols;
    }

    /** The normalized UTF-8 bytes of {@code text}; the array may be longer than the returned length. */
    byte[] normalize(String text, int[] lengthOut) {
        if (!addDummyPrefix && !removeExtraWhitespaces) {
            return utf8(text, escapeWhitespaces, lengthOut); // one pass: encode and escape
        }
        byte[] raw = utf8(text, false, lengthOut);
        return normalizeGeneral(raw, lengthOut[0], lengthOut);
    }

    /** The full algorithm of normalizer.cc, unit by unit (a user-defined symbol or one character). */
    private byte[] normalizeGeneral(byte[] in, int n, int[] lengthOut) {
        byte[] out = new byte[n * 3 + 6];
        int o = 0;
        int pos = 0;
        if (removeExtraWhitespaces) {
            while (pos < n) {
                int unit = unitLength(in, pos, n);
                if (!(unit == 1 && in[pos] == ' ')) {
                    break;
                }
                pos += unit;
            }
        }
        if (pos == n) {
            lengthOut[0] = 0;
            return out;
        }
        if (!treatWhitespaceAsSuffix && addDummyPrefix) {
            o = appendSpace(out, o);
        }
        boolean prevSpace = removeExtraWhitespaces;
        while (pos < n) {
            int unit = unitLength(in, pos, n);
            int s = pos;
            int e = pos + unit;
            if (prevSpace) {
                while (s < e && in[s] == ' ') {
                    s++;
                }
            }
            if (s < e) {
                for (int i = s; i < e; i++) {
                    if (escapeWhitespaces && in[i] == ' ') {
                        o = appendSpace(out, o);
                    } else {
                        out[o++] = in[i];
                    }
                }
                prevSpace = in[e - 1] == ' ';
            }
            pos = e;
            if (!removeExtraWhitespaces) {
                prevSpace = false;
            }
        }
        if (removeExtraWhitespaces) {
            byte[] sp = escapeWhitespaces ? SPACE_SYMBOL : new byte[] {' '};
            while (o >= sp.length && Arrays.equals(out, o - sp.length, o, sp, 0, sp.length)) {
                o -= sp.length;
            }
        }
        if (treatWhitespaceAsSuffix && addDummyPrefix) {
            o = appendSpace(out, o);
        }
        lengthOut[0] = o;
        return out;
    }

    private int appendSpace(byte[] out, int o) {
        if (escapeWhitespaces) {
            out[o++] = SPACE_SYMBOL[0];
            out[o++] = SPACE_SYMBOL[1];
            out[o++] = SPACE_SYMBOL[2];
        } else {
            out[o++] = ' ';
        }
        return o;
    }

    private int unitLength(byte[] in, int pos, int n) {
        int m = userSymbols.longestMatch(in, pos, n);
        return m > 0 ? m : Math.min(n - pos, Utf8.oneCharLen(in[pos]));
    }

    /** UTF-8 encoding where a lone surrogate becomes U+FFFD and, if asked, a space becomes U+2581. */
    static byte[] utf8(String text, boolean escapeSpaces, int[] lengthOut) {
        int len = text.length();
        byte[] out = new byte[len * 3];
        int o = 0;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == ' ' && escapeSpaces) {
                    out[o++] = SPACE_SYMBOL[0];
                    out[o++] = SPACE_SYMBOL[1];
                    out[o++] = SPACE_SYMBOL[2];
                } else {
                    out[o++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                int cp = 0xFFFD;
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
                    cp = Character.toCodePoint(c, text.charAt(++i));
                }
                if (cp >= 0x10000) {
                    out[o++] = (byte) (0xF0 | (cp >> 18));
                    out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[o++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    out[o++] = (byte) 0xEF;
                    out[o++] = (byte) 0xBF;
                    out[o++] = (byte) 0xBD;
                }
            } else {
                out[o++] = (byte) (0xE0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        lengthOut[0] = o;
        return out;
    }
}

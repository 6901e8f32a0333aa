package ai.puyu.engine.tokenizer;

import java.util.Arrays;

/**
 * Streaming detokenizer: {@link #push} returns the text that has become final, never part of a
 * character; {@link #flush} returns the rest. The concatenation of all returned strings equals
 * {@link Tokenizer#decode} of the same ids. Byte pieces are collected until the UTF-8 character they
 * encode is complete (or a non-byte piece ends the run); malformed bytes become U+FFFD one byte at a
 * time, exactly as sentencepiece's decoder does. Not thread-safe: one instance per stream.
 */
public final class IncrementalDecoder {

    private final Tokenizer.DecodeTables tables;
    private byte[] pending = new byte[8];   // byte pieces not yet turned into text
    private int pendingLength;
    private boolean emittedText;            // sentencepiece's "!text->empty()"
    private boolean bosWsExpected = true;   // sentencepiece's is_bos_ws
    private boolean bosWsSeen;

    IncrementalDecoder(Tokenizer.DecodeTables tables) {
        this.tables = tables;
    }

    /** Adds one id; returns the newly complete text (possibly empty). */
    public String push(int id) {
        if (id < 0 || id >= tables.surface().length) {
            throw new IllegalArgumentException("token id " + id + " is out of range (vocabulary has "
                    + tables.surface().length + " pieces)");
        }
        StringBuilder out = new StringBuilder();
        int b = tables.byteValue()[id];
        if (b >= 0) {
            if (pendingLength == pending.length) {
                pending = Arrays.copyOf(pending, pendingLength * 2);
            }
            pending[pendingLength++] = (byte) b;
            drain(out, false);
        } else {
            drain(out, true);
            if (bosWsSeen || emittedText) {
                bosWsExpected = false;
            }
            String surface = tables.surface()[id];
            bosWsSeen = false;
            if (bosWsExpected && tables.stripLeadingSpace() && tables.strippable()[id] && surface.startsWith(" ")) {
                surface = surface.substring(1);
                bosWsSeen = !tables.removeExtraWhitespaces();
            }
            append(out, surface);
        }
        return out.toString();
    }

    /** Ends the stream: returns any text still held back (incomplete bytes become U+FFFD). */
    public String flush() {
        StringBuilder out = new StringBuilder();
        drain(out, true);
        return out.toString();
    }

    private void append(StringBuilder out, String s) {
        if (!s.isEmpty()) {
            out.append(s);
            emittedText = true;
        }
    }

    /** Turns pending bytes into characters; unless {@code end}, keeps a character that may still complete. */
    private void drain(StringBuilder out, boolean end) {
        int off = 0;
        while (off < pendingLength) {
            int need = Utf8.neededBytes(pending[off]);
            if (!end && pendingLength - off < need) {
                break;
            }
            int cp = Utf8.decode(pending, off, pendingLength);
            if (cp == Utf8.INVALID) {
                out.append((char) Utf8.REPLACEMENT);
                off += 1;
            } else {
                out.appendCodePoint(cp);
                off += need;
            }
            emittedText = true;
        }
        if (off > 0) {
            System.arraycopy(pending, off, pending, 0, pendingLength - off);
            pendingLength -= off;
        }
    }
}

package ai.puyu.engine.format;

import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf wire-format reader over a byte range: enough to walk the fields of a message,
 * read varints, fixed32/64 and length-delimited values, and skip anything it does not know.
 */
final class ProtoWireDecoder {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private final int end;
    private final String what;
    private int pos;

    ProtoWireDecoder(byte[] buf, int offset, int length, String what) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.what = what;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** Reads the next tag: field number shifted left by 3, ORed with the wire type. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) {
            throw error("invalid field tag " + tag);
        }
        return (int) tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw error("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw error("varint longer than 10 bytes");
    }

    int readFixed32() {
        if (end - pos < 4) {
            throw error("truncated fixed32");
        }
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    float readFloat() {
        return Float.intBitsToFloat(readFixed32());
    }

    boolean readBool() {
        return readVarint() != 0;
    }

    /** Reads a length-delimited value and returns a decoder over its bytes, advancing past it. */
    ProtoWireDecoder readMessage(String name) {
        int len = readLength();
        ProtoWireDecoder sub = new ProtoWireDecoder(buf, pos, len, name);
        pos += len;
        return sub;
    }

    String readString() {
        int len = readLength();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    byte[] readBytes() {
        int len = readLength();
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }

    private int readLength() {
        long len = readVarint();
        if (len < 0 || len > end - pos) {
            throw error("length-delimited field of " + len + " bytes runs past the end");
        }
        return (int) len;
    }

    /** Skips the value of a field whose tag was just read. */
    void skip(int tag) {
        switch (tag & 7) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(readLength());
            case FIXED32 -> advance(4);
            case START_GROUP -> {
                int field = tag >>> 3;
                while (true) {
                    if (!hasMore()) {
                        throw error("unterminated group " + field);
                    }
                    int inner = readTag();
                    if ((inner & 7) == END_GROUP) {
                        if ((inner >>> 3) != field) {
                            throw error("mismatched end of group " + field);
                        }
                        return;
                    }
                    skip(inner);
                }
            }
            default -> throw error("unsupported wire type " + (tag & 7) + " in field " + (tag >>> 3));
        }
    }

    /** Fails with a clear message when a field has an unexpected wire type. */
    void expect(int tag, int wireType) {
        if ((tag & 7) != wireType) {
            throw error("field " + (tag >>> 3) + " has wire type " + (tag & 7) + ", expected " + wireType);
        }
    }

    private void advance(int n) {
        if (n < 0 || n > end - pos) {
            throw error("field runs past the end");
        }
        pos += n;
    }

    IllegalArgumentException error(String message) {
        return new IllegalArgumentException(what + ": " + message + " (at byte " + pos + ")");
    }
}

package ai.puyu.engine.tokenizer;

import java.util.Arrays;

/**
 * An open-addressing hash map from UTF-8 byte strings to piece ids, looked up by a range of a byte
 * array so that candidate merges need no allocation. Insertion keeps the first id for a repeated key.
 */
final class PieceTable {

    private final byte[] keys;      // all keys, concatenated
    private final int[] keyStart;   // [n] offset of key i in keys
    private final int[] keyLength;  // [n]
    private final int[] values;     // [n]
    private final int[] slots;      // [capacity] entry index + 1, 0 = empty
    private final int[] slotHash;   // [capacity]
    private final int mask;
    private int size;

    PieceTable(int expected, int totalKeyBytes) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 + 1) - 1) << 1;
        keys = new byte[totalKeyBytes];
        keyStart = new int[expected];
        keyLength = new int[expected];
        values = new int[expected];
        slots = new int[capacity];
        slotHash = new int[capacity];
        mask = capacity - 1;
    }

    static int hash(byte[] b, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = off, end = off + len; i < end; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** Adds key -> value unless the key is present; returns false when it was already present. */
    boolean putIfAbsent(byte[] key, int value) {
        int h = hash(key, 0, key.length);
        int slot = h & mask;
        while (slots[slot] != 0) {
            int e = slots[slot] - 1;
            if (slotHash[slot] == h && equalsKey(e, key, 0, key.length)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        int start = size == 0 ? 0 : keyStart[size - 1] + keyLength[size - 1];
        System.arraycopy(key, 0, keys, start, key.length);
        keyStart[size] = start;
        keyLength[size] = key.length;
        values[size] = value;
        slots[slot] = ++size;
        slotHash[slot] = h;
        return true;
    }

    /** Returns the id stored for bytes [off, off + len) of {@code b}, or -1. */
    int get(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int slot = h & mask;
        while (true) {
            int s = slots[slot];
            if (s == 0) {
                return -1;
            }
            if (slotHash[slot] == h && equalsKey(s - 1, b, off, len)) {
                return values[s - 1];
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean equalsKey(int e, byte[] b, int off, int len) {
        if (keyLength[e] != len) {
            return false;
        }
        int ks = keyStart[e];
        return Arrays.equals(keys, ks, ks + len, b, off, off + len);
    }
}

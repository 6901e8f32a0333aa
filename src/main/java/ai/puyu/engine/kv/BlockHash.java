package ai.puyu.engine.kv;

/**
 * A 128-bit chain hash of every token up to the end of a full KV block: {@code hash(parent, blockTokens)}, where
 * the parent is the previous block's hash ({@link #ROOT} for the first block). Two independent 64-bit mixes make
 * an accidental match between different prefixes practically impossible; the prefix index checks the block's
 * tokens as well.
 */
public record BlockHash(long hi, long lo) {

    /** The parent of a sequence's first block. */
    public static final BlockHash ROOT = new BlockHash(0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL);

    /** The hash of {@code tokens[from, from + count)} following {@code parent}. */
    public static BlockHash of(BlockHash parent, int[] tokens, int from, int count) {
        long h = parent.hi;
        long l = parent.lo;
        for (int i = from; i < from + count; i++) {
            h = mix(h * 31 + tokens[i] + 0x632BE59BD9B4E019L);
            l = mix(l ^ (tokens[i] * 0xFF51AFD7ED558CCDL + 0x85EBCA77C2B2AE63L));
        }
        return new BlockHash(mix(h + count), mix(l ^ count));
    }

    private static long mix(long z) { // SplitMix64's finalizer
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

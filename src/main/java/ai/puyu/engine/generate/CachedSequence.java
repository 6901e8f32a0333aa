package ai.puyu.engine.generate;

import ai.puyu.engine.kv.BlockTable;
import java.util.Arrays;

/**
 * A sequence whose KV cache is kept between calls (a terminal chat): each call passes the whole token
 * sequence, and only what differs from the cached tokens is fed again. The cache is cut back to the longest
 * common prefix (at least one token is always fed, for its logits).
 */
public final class CachedSequence {

    private final BlockTable table;
    private int[] cached = new int[0]; // ids whose keys and values the table holds
    private int reused;

    public CachedSequence(BlockTable table) {
        this.table = table;
    }

    public BlockTable table() {
        return table;
    }

    /** Cuts the cache back to the longest prefix it shares with {@code ids}; returns the ids left to feed. */
    public int[] prepare(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("an empty token sequence has nothing to feed");
        }
        int limit = Math.min(Math.min(cached.length, table.length()), ids.length - 1);
        int common = 0;
        while (common < limit && cached[common] == ids[common]) {
            common++;
        }
        table.truncate(common);
        reused = common;
        cached = Arrays.copyOf(ids, common);
        return Arrays.copyOfRange(ids, common, ids.length);
    }

    /** Records what the table holds after generating {@code generated} from {@code ids}. */
    public void generated(int[] ids, int[] generated) {
        int[] all = Arrays.copyOf(ids, ids.length + generated.length);
        System.arraycopy(generated, 0, all, ids.length, generated.length);
        cached = Arrays.copyOf(all, Math.min(all.length, table.length()));
    }

    /** Tokens the last {@link #prepare} found in the cache. */
    public int reused() {
        return reused;
    }

    /** Forgets everything and gives the blocks back. */
    public void reset() {
        table.release();
        cached = new int[0];
        reused = 0;
    }
}

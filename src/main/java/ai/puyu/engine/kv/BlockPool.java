package ai.puyu.engine.kv;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Hands out the ids of the KV cache's fixed-size blocks, with a reference count per block so that several
 * block tables can share one block (prefix reuse), and the prefix index: full blocks registered under the
 * {@link BlockHash} of the tokens up to their end. A block whose count drops to 0 returns to the free list,
 * unless it is indexed: then it stays cached (evictable, least recently released first) until
 * {@link #allocate} needs its space and evicts it. Not thread-safe: one engine loop owns it.
 */
public final class BlockPool {

    private final int[] refCounts;                 // [numBlocks]
    private final BlockHash[] hashes;              // [numBlocks] the indexed key of each block, or null
    private final int[][] tokens;                  // [numBlocks][blockSize] tokens of indexed blocks
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final LinkedHashSet<Integer> evictable = new LinkedHashSet<>(); // cached, unreferenced; LRU first
    private final Map<BlockHash, Integer> index = new HashMap<>();
    private long evictions;

    public BlockPool(int numBlocks) {
        if (numBlocks <= 0) {
            throw new IllegalArgumentException("a KV block pool needs at least one block, not " + numBlocks);
        }
        this.refCounts = new int[numBlocks];
        this.hashes = new BlockHash[numBlocks];
        this.tokens = new int[numBlocks][];
        for (int i = 0; i < numBlocks; i++) {
            free.addLast(i);
        }
    }

    public int capacity() {
        return refCounts.length;
    }

    /** Blocks neither referenced nor cached. */
    public int freeBlocks() {
        return free.size();
    }

    /** Blocks held by no table but kept for prefix reuse (evicted when space is needed). */
    public int cachedBlocks() {
        return evictable.size();
    }

    /** Blocks an allocation can get: free plus evictable cached ones. */
    public int availableBlocks() {
        return free.size() + evictable.size();
    }

    /** Blocks referenced by at least one table. */
    public int usedBlocks() {
        return refCounts.length - availableBlocks();
    }

    /** Blocks registered in the prefix index (referenced or not). */
    public int indexedBlocks() {
        return index.size();
    }

    /** Cached blocks evicted so far to make room. */
    public long evictions() {
        return evictions;
    }

    /** Takes a free block (reference count 1), evicting the least recently used cached block if none is free. */
    public int allocate() {
        Integer id = free.pollFirst();
        if (id == null) {
            var it = evictable.iterator();
            if (!it.hasNext()) {
                throw new KvCacheFullException("KV cache full: all " + refCounts.length + " blocks are in use");
            }
            id = it.next();
            it.remove();
            unindex(id);
            evictions++;
        }
        refCounts[id] = 1;
        return id;
    }

    /** Adds a reference to a block in use, or revives a cached one. */
    public void retain(int block) {
        if (refCounts[block] == 0) {
            if (!evictable.remove(block)) {
                throw new IllegalStateException("KV block " + block + " is not in use");
            }
        }
        refCounts[block]++;
    }

    /** Drops a reference; with none left the block is free again, or cached if it is indexed. */
    public void release(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("KV block " + block + " released more often than taken");
        }
        if (--refCounts[block] == 0) {
            if (hashes[block] != null) {
                evictable.addLast(block);
            } else {
                free.addLast(block);
            }
        }
    }

    public int refCount(int block) {
        return refCounts[block];
    }

    /**
     * Indexes a full block, in use, under the hash of the tokens up to its end; {@code blockTokens} are the
     * block's own tokens, kept to check matches. Returns false (and indexes nothing) when the block is already
     * indexed or another block holds this prefix.
     */
    public boolean register(int block, BlockHash hash, int[] blockTokens) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("KV block " + block + " is not in use");
        }
        if (hashes[block] != null || index.containsKey(hash)) {
            return false;
        }
        hashes[block] = hash;
        tokens[block] = blockTokens.clone();
        index.put(hash, block);
        return true;
    }

    /** The indexed block holding this prefix whose own tokens are {@code blockTokens[from, from+count)}, or -1. */
    public int lookup(BlockHash hash, int[] blockTokens, int from, int count) {
        Integer block = index.get(hash);
        if (block == null) {
            return -1;
        }
        int[] stored = tokens[block];
        if (stored.length != count || !Arrays.equals(stored, 0, count, blockTokens, from, from + count)) {
            return -1;
        }
        return block;
    }

    /** Whether the block is registered in the prefix index. */
    public boolean isIndexed(int block) {
        return hashes[block] != null;
    }

    /** Forgets every cached block that no table holds (they become free). */
    public void clearCache() {
        for (int b : evictable) {
            unindex(b);
            free.addLast(b);
        }
        evictable.clear();
    }

    private void unindex(int block) {
        index.remove(hashes[block]);
        hashes[block] = null;
        tokens[block] = null;
    }
}

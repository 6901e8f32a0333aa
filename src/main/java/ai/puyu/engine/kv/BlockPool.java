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
 * {@link #allocate} needs its space and evicts it. A finished sequence's last, partial block can be kept the same
 * way as a tail (under the hash of the full blocks before it, with its tokens): a later sequence that continues
 * those blocks with the same tokens (the next turn of the conversation) takes it over whole instead of recomputing
 * it. A tail is never shared: taking it removes it from the index, and the new owner writes on after its tokens.
 * Not thread-safe: one engine loop owns it.
 */
public final class BlockPool {

    private final int[] refCounts;                 // [numBlocks]
    private final BlockHash[] hashes;              // [numBlocks] the indexed key of each block, or null
    private final int[][] tokens;                  // [numBlocks][blockSize] tokens of indexed blocks
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final LinkedHashSet<Integer> evictable = new LinkedHashSet<>(); // cached, unreferenced; LRU first
    private final Map<BlockHash, Integer> index = new HashMap<>();
    private final BlockHash[] tailKeys;            // [numBlocks] the prefix hash a kept tail follows, or null
    private final int[][] tailTokens;              // [numBlocks] the tokens a kept tail holds
    private final Map<BlockHash, Integer> tails = new HashMap<>();
    private long evictions;

    public BlockPool(int numBlocks) {
        if (numBlocks <= 0) {
            throw new IllegalArgumentException("a KV block pool needs at least one block, not " + numBlocks);
        }
        this.refCounts = new int[numBlocks];
        this.hashes = new BlockHash[numBlocks];
        this.tokens = new int[numBlocks][];
        this.tailKeys = new BlockHash[numBlocks];
        this.tailTokens = new int[numBlocks][];
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
            if (hashes[block] != null || tailKeys[block] != null) {
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

    /**
     * Keeps a sequence's partial last block, held by that sequence alone, as the tail after the full blocks whose
     * chain hash is {@code prefix}; {@code blockTokens} are the tokens it holds (fewer than a block). A tail already
     * kept after the same prefix is forgotten (the newest turn is the one to continue). Returns false, keeping
     * nothing, when the block is shared or already indexed.
     */
    public boolean registerTail(int block, BlockHash prefix, int[] blockTokens) {
        if (refCounts[block] != 1 || hashes[block] != null || tailKeys[block] != null || blockTokens.length == 0) {
            return false;
        }
        Integer old = tails.get(prefix);
        if (old != null) {
            unindex(old);
            if (refCounts[old] == 0 && evictable.remove(old)) {
                free.addLast(old);
            }
        }
        tailKeys[block] = prefix;
        tailTokens[block] = blockTokens.clone();
        tails.put(prefix, block);
        return true;
    }

    /**
     * Takes over the tail kept after {@code prefix} if it starts with {@code tokens[from ..]}: the block leaves the
     * index and is returned with reference count 1, holding the first {@code matched} of its tokens, matched being
     * as many as agree with tokens[from, from + maxCount) (at least one). Returns the block and the count packed as
     * {@code block << 32 | matched}, or -1 when there is no such tail.
     */
    public long adoptTail(BlockHash prefix, int[] tokens, int from, int maxCount) {
        Integer block = tails.get(prefix);
        if (block == null || refCounts[block] != 0) {
            return -1;
        }
        int[] kept = tailTokens[block];
        int n = Math.min(kept.length, Math.min(maxCount, tokens.length - from));
        int matched = 0;
        while (matched < n && kept[matched] == tokens[from + matched]) {
            matched++;
        }
        if (matched == 0) {
            return -1;
        }
        unindex(block);
        evictable.remove(block);
        refCounts[block] = 1;
        return (long) block << 32 | matched;
    }

    /** Tails kept for the next turn (see {@link #registerTail}). */
    public int keptTails() {
        return tails.size();
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
        if (hashes[block] != null) {
            index.remove(hashes[block]);
        }
        hashes[block] = null;
        tokens[block] = null;
        if (tailKeys[block] != null) {
            tails.remove(tailKeys[block]);
        }
        tailKeys[block] = null;
        tailTokens[block] = null;
    }
}

package ai.puyu.engine.kv;

import java.util.ArrayDeque;

/**
 * Hands out the ids of the KV cache's fixed-size blocks, with a reference count per block so that several
 * block tables can share one block (prefix reuse). A block returns to the free list when its count drops to 0.
 * Not thread-safe: one engine loop owns it.
 */
public final class BlockPool {

    private final int[] refCounts; // [numBlocks]
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    public BlockPool(int numBlocks) {
        if (numBlocks <= 0) {
            throw new IllegalArgumentException("a KV block pool needs at least one block, not " + numBlocks);
        }
        this.refCounts = new int[numBlocks];
        for (int i = 0; i < numBlocks; i++) {
            free.addLast(i);
        }
    }

    public int capacity() {
        return refCounts.length;
    }

    public int freeBlocks() {
        return free.size();
    }

    public int usedBlocks() {
        return refCounts.length - free.size();
    }

    /** Takes a free block (reference count 1). */
    public int allocate() {
        Integer id = free.pollFirst();
        if (id == null) {
            throw new KvCacheFullException("KV cache full: all " + refCounts.length + " blocks are in use");
        }
        refCounts[id] = 1;
        return id;
    }

    /** Adds a reference to a block in use. */
    public void retain(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("KV block " + block + " is not in use");
        }
        refCounts[block]++;
    }

    /** Drops a reference; the block is free again when none is left. */
    public void release(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("KV block " + block + " released more often than taken");
        }
        if (--refCounts[block] == 0) {
            free.addLast(block);
        }
    }

    public int refCount(int block) {
        return refCounts[block];
    }
}

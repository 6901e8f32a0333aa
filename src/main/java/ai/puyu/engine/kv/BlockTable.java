package ai.puyu.engine.kv;

import java.util.Arrays;

/**
 * One sequence's view of the KV cache: the ids of its blocks in order, and how many token positions hold
 * keys and values. Position p lives in block {@code block(p / blockSize)} at slot {@code p % blockSize}.
 */
public final class BlockTable {

    private final KvCache cache;
    private final BlockPool pool;
    private final int blockSize;
    private int[] blocks = new int[4];
    private int blockCount;
    private int length;

    BlockTable(KvCache cache, BlockPool pool, int blockSize) {
        this.cache = cache;
        this.pool = pool;
        this.blockSize = blockSize;
    }

    /** The cache whose blocks this table holds. */
    public KvCache cache() {
        return cache;
    }

    /** Token positions whose keys and values are in the cache. */
    public int length() {
        return length;
    }

    public int blockCount() {
        return blockCount;
    }

    /** The i-th block id. */
    public int block(int i) {
        if (i >= blockCount) {
            throw new IndexOutOfBoundsException("block " + i + " of a table with " + blockCount);
        }
        return blocks[i];
    }

    public int blockSize() {
        return blockSize;
    }

    /** A copy of the block ids. */
    public int[] blocks() {
        return Arrays.copyOf(blocks, blockCount);
    }

    /** Blocks this table still has to take from the pool to hold {@code tokens} positions. */
    public int blocksNeeded(int tokens) {
        return Math.max(0, (tokens + blockSize - 1) / blockSize - blockCount);
    }

    /**
     * Makes room for positions up to {@code tokens - 1}, taking blocks from the pool as needed. When the pool
     * runs out, the blocks taken by this call are given back before the exception leaves.
     */
    public void ensureCapacity(int tokens) {
        int needed = (tokens + blockSize - 1) / blockSize;
        int before = blockCount;
        try {
            while (blockCount < needed) {
                int id = pool.allocate();
                if (blockCount == blocks.length) {
                    blocks = Arrays.copyOf(blocks, blocks.length * 2);
                }
                blocks[blockCount++] = id;
            }
        } catch (KvCacheFullException e) {
            while (blockCount > before) {
                pool.release(blocks[--blockCount]);
            }
            throw e;
        }
    }

    /** Appends a block already holding keys and values (taken by reference, e.g. a cached prefix). */
    public void appendShared(int block) {
        if (length != blockCount * blockSize) {
            throw new IllegalStateException("a shared block can only follow full blocks");
        }
        pool.retain(block);
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, blocks.length * 2);
        }
        blocks[blockCount++] = block;
        length += blockSize;
    }

    /** Records that positions up to {@code newLength - 1} now hold keys and values. */
    public void setLength(int newLength) {
        if (newLength > blockCount * blockSize) {
            throw new IllegalStateException("length " + newLength + " exceeds the " + blockCount + " blocks held");
        }
        this.length = newLength;
    }

    /** Forgets positions from {@code newLength} on and gives back the blocks no longer needed. */
    public void truncate(int newLength) {
        if (newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " positions to " + newLength);
        }
        int keep = (newLength + blockSize - 1) / blockSize;
        while (blockCount > keep) {
            pool.release(blocks[--blockCount]);
        }
        length = newLength;
    }

    /** Gives every block back to the pool. */
    public void release() {
        truncate(0);
    }
}

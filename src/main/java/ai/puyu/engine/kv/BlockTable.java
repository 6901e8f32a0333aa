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
    private int hashedBlocks;              // leading full blocks whose chain hash is known (indexed or matched)
    private BlockHash chain = BlockHash.ROOT; // hash of the tokens up to the end of block hashedBlocks - 1

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

    /**
     * Prefix reuse: appends, by reference, the indexed blocks that hold {@code tokens} from the start, block by
     * block, as long as whole blocks match and stay within the first {@code maxTokens} tokens; then, if a finished
     * sequence's partial last block was kept after those blocks (see {@link #keepTail}) and starts with the next
     * tokens, takes it over, with as many of its positions as match. The table must be empty.
     *
     * @return the positions now served from the cache
     */
    public int attachCached(int[] tokens, int maxTokens) {
        if (length != 0 || blockCount != 0) {
            throw new IllegalStateException("cached blocks can only start an empty sequence");
        }
        int limit = Math.min(maxTokens, tokens.length);
        while ((blockCount + 1) * blockSize <= limit) {
            BlockHash h = BlockHash.of(chain, tokens, blockCount * blockSize, blockSize);
            int b = pool.lookup(h, tokens, blockCount * blockSize, blockSize);
            if (b < 0) {
                break;
            }
            appendShared(b);
            chain = h;
            hashedBlocks = blockCount;
        }
        if (length < limit) {
            long tail = pool.adoptTail(chain, tokens, length, limit - length);
            if (tail >= 0) {
                if (blockCount == blocks.length) {
                    blocks = Arrays.copyOf(blocks, blocks.length * 2);
                }
                blocks[blockCount++] = (int) (tail >>> 32);
                length += (int) tail;
            }
        }
        return length;
    }

    /**
     * Keeps this sequence's partial last block for a later sequence that continues it (call before {@link #release},
     * after {@link #indexFullBlocks}): does nothing when the length is a whole number of blocks or the full blocks
     * are not all indexed.
     *
     * @param tokens the sequence's tokens, at least {@link #length()} of them
     */
    public void keepTail(int[] tokens) {
        int full = length / blockSize;
        if (length % blockSize == 0 || hashedBlocks != full || blockCount != full + 1) {
            return;
        }
        pool.registerTail(blocks[full], chain, Arrays.copyOfRange(tokens, full * blockSize, length));
    }

    /**
     * Registers in the prefix index every full block whose keys and values are computed and not yet indexed,
     * so later sequences that start with the same tokens can reuse them.
     *
     * @param tokens the sequence's tokens, at least {@link #length()} of them
     */
    public void indexFullBlocks(int[] tokens) {
        while ((hashedBlocks + 1) * blockSize <= length) {
            int from = hashedBlocks * blockSize;
            BlockHash h = BlockHash.of(chain, tokens, from, blockSize);
            pool.register(blocks[hashedBlocks], h, Arrays.copyOfRange(tokens, from, from + blockSize));
            chain = h;
            hashedBlocks++;
        }
    }

    /** Forgets positions from {@code newLength} on and gives back the blocks no longer needed. */
    public void truncate(int newLength) {
        if (newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " positions to " + newLength);
        }
        int keep = (newLength + blockSize - 1) / blockSize;
        if (newLength / blockSize < hashedBlocks) {
            hashedBlocks = 0;
            chain = BlockHash.ROOT;
        }
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

package ai.puyu.engine.kv;

import ai.puyu.engine.tensor.OffHeap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A paged KV cache: keys and values of all layers in fixed-size blocks of {@code blockSize} token positions,
 * allocated off-heap once, within a memory budget. Per layer there is one key and one value segment laid out
 * as [numBlocks][blockSize][nKV * D] float32, so one head's vector at one position is D contiguous floats.
 * Sequences own {@link BlockTable}s; attention reads through them.
 *
 * <p>The host memory is allocated on the first access to {@link #keys} or {@link #values}: a backend that keeps
 * keys and values elsewhere (a GPU) uses this class for its block pool and tables only, at no host cost. It comes
 * from {@link OffHeap}, so a block's pages are committed when it is first written, not all at once.
 */
public final class KvCache implements AutoCloseable {

    /** Token positions per block. */
    public static final int DEFAULT_BLOCK_SIZE = 16;

    private final int numLayers;
    private final int kvDim;
    private final int blockSize;
    private final BlockPool pool;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] keys;   // per layer: [numBlocks, blockSize, kvDim]
    private final MemorySegment[] values; // per layer: [numBlocks, blockSize, kvDim]
    private final long layerBytes;
    private volatile boolean allocated;

    /**
     * @param numLayers   decoder layers
     * @param kvDim       nKV * D, the width of one position's keys (and values) in one layer
     * @param blockSize   token positions per block
     * @param budgetBytes memory for the cache; as many blocks as fit are allocated
     */
    public KvCache(int numLayers, int kvDim, int blockSize, long budgetBytes) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("KV block size must be positive, not " + blockSize);
        }
        this.numLayers = numLayers;
        this.kvDim = kvDim;
        this.blockSize = blockSize;
        long perBlock = bytesPerBlock(numLayers, kvDim, blockSize);
        long blocks = budgetBytes / perBlock;
        if (blocks < 1) {
            throw new IllegalArgumentException("KV cache budget of " + budgetBytes + " bytes is below one block ("
                    + perBlock + " bytes for " + blockSize + " positions)");
        }
        int numBlocks = (int) Math.min(blocks, Integer.MAX_VALUE / 2);
        this.pool = new BlockPool(numBlocks);
        this.layerBytes = (long) numBlocks * blockSize * kvDim * Float.BYTES;
        this.keys = new MemorySegment[numLayers];
        this.values = new MemorySegment[numLayers];
    }

    private synchronized void allocate() {
        if (!allocated) {
            for (int l = 0; l < numLayers; l++) {
                keys[l] = OffHeap.allocate(arena, layerBytes);
                values[l] = OffHeap.allocate(arena, layerBytes);
            }
            allocated = true;
        }
    }

    /** Whether the host memory for keys and values has been allocated. */
    public boolean allocated() {
        return allocated;
    }

    /** Bytes one block takes across all layers, keys and values. */
    public static long bytesPerBlock(int numLayers, int kvDim, int blockSize) {
        return 2L * numLayers * blockSize * kvDim * Float.BYTES;
    }

    /** A new, empty sequence. */
    public BlockTable newSequence() {
        return new BlockTable(this, pool, blockSize);
    }

    public BlockPool pool() {
        return pool;
    }

    public int blockSize() {
        return blockSize;
    }

    public int numLayers() {
        return numLayers;
    }

    public int kvDim() {
        return kvDim;
    }

    /** Bytes allocated for the blocks. */
    public long byteSize() {
        return (long) pool.capacity() * bytesPerBlock(numLayers, kvDim, blockSize);
    }

    /** The key segment of a layer. */
    public MemorySegment keys(int layer) {
        if (!allocated) {
            allocate();
        }
        return keys[layer];
    }

    /** The value segment of a layer. */
    public MemorySegment values(int layer) {
        if (!allocated) {
            allocate();
        }
        return values[layer];
    }

    /** Byte offset, within a layer's segment, of the vector at this position of a sequence (head 0). */
    public long offset(BlockTable table, int position) {
        int block = table.block(position / blockSize);
        return ((long) block * blockSize + position % blockSize) * kvDim * Float.BYTES;
    }

    @Override
    public void close() {
        arena.close();
    }
}

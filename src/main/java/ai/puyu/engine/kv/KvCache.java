package ai.puyu.engine.kv;

import ai.puyu.engine.tensor.OffHeap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A paged KV cache: keys and values of all layers in fixed-size blocks of {@code blockSize} token positions,
 * allocated off-heap once, within a memory budget. Per layer there is one key and one value segment laid out
 * as [numBlocks][blockSize][nKV * D] elements, so one head's vector at one position is D contiguous elements:
 * float32, or with {@link KvDType#INT8} signed bytes with one float32 scale per (position, head) in the scale
 * segments [numBlocks][blockSize][nKV]. Position p of a sequence lives in slot {@link #slot}(table, p).
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
    private final int numKvHeads;
    private final int blockSize;
    private final KvDType dtype;
    private final BlockPool pool;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] keys;   // per layer: [numBlocks, blockSize, kvDim]
    private final MemorySegment[] values; // per layer: [numBlocks, blockSize, kvDim]
    private final MemorySegment[] keyScales;   // int8 only, per layer: [numBlocks, blockSize, nKV] float32
    private final MemorySegment[] valueScales; // int8 only, per layer: [numBlocks, blockSize, nKV] float32
    private final long layerBytes;
    private final long layerScaleBytes;
    private volatile boolean allocated;

    /**
     * A float32 cache, sized from its width alone (one "head" of kvDim, as no per-head scales are kept).
     *
     * @param numLayers   decoder layers
     * @param kvDim       nKV * D, the width of one position's keys (and values) in one layer
     * @param blockSize   token positions per block
     * @param budgetBytes memory for the cache; as many blocks as fit are allocated
     */
    public KvCache(int numLayers, int kvDim, int blockSize, long budgetBytes) {
        this(numLayers, 1, kvDim, blockSize, budgetBytes, KvDType.F32);
    }

    /**
     * @param numKvHeads  nKV (the int8 scales are per head)
     * @param headDim     D
     * @param dtype       how keys and values are stored
     */
    public KvCache(int numLayers, int numKvHeads, int headDim, int blockSize, long budgetBytes, KvDType dtype) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("KV block size must be positive, not " + blockSize);
        }
        this.numLayers = numLayers;
        this.numKvHeads = numKvHeads;
        this.kvDim = numKvHeads * headDim;
        this.blockSize = blockSize;
        this.dtype = dtype;
        long perBlock = bytesPerBlock(numLayers, numKvHeads, headDim, blockSize, dtype);
        long blocks = budgetBytes / perBlock;
        if (blocks < 1) {
            throw new IllegalArgumentException("KV cache budget of " + budgetBytes + " bytes is below one block ("
                    + perBlock + " bytes for " + blockSize + " positions)");
        }
        int numBlocks = (int) Math.min(blocks, Integer.MAX_VALUE / 2);
        this.pool = new BlockPool(numBlocks);
        long slots = (long) numBlocks * blockSize;
        this.layerBytes = slots * kvDim * elementBytes(dtype);
        this.layerScaleBytes = dtype == KvDType.INT8 ? slots * numKvHeads * Float.BYTES : 0;
        this.keys = new MemorySegment[numLayers];
        this.values = new MemorySegment[numLayers];
        this.keyScales = new MemorySegment[numLayers];
        this.valueScales = new MemorySegment[numLayers];
    }

    private static int elementBytes(KvDType dtype) {
        return dtype == KvDType.INT8 ? 1 : Float.BYTES;
    }

    private synchronized void allocate() {
        if (!allocated) {
            for (int l = 0; l < numLayers; l++) {
                keys[l] = OffHeap.allocate(arena, layerBytes);
                values[l] = OffHeap.allocate(arena, layerBytes);
                if (layerScaleBytes > 0) {
                    keyScales[l] = OffHeap.allocate(arena, layerScaleBytes);
                    valueScales[l] = OffHeap.allocate(arena, layerScaleBytes);
                }
            }
            allocated = true;
        }
    }

    /** Whether the host memory for keys and values has been allocated. */
    public boolean allocated() {
        return allocated;
    }

    /** Bytes one float32 block takes across all layers, keys and values. */
    public static long bytesPerBlock(int numLayers, int kvDim, int blockSize) {
        return bytesPerBlock(numLayers, 1, kvDim, blockSize, KvDType.F32);
    }

    /** Bytes one block takes across all layers, keys and values (and their scales for int8). */
    public static long bytesPerBlock(int numLayers, int numKvHeads, int headDim, int blockSize, KvDType dtype) {
        long perPosition = (long) numKvHeads * headDim * elementBytes(dtype)
                + (dtype == KvDType.INT8 ? (long) numKvHeads * Float.BYTES : 0);
        return 2L * numLayers * blockSize * perPosition;
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

    public KvDType dtype() {
        return dtype;
    }

    /** KV heads, as given to the constructor (1 for a float32 cache built from its width alone). */
    public int numKvHeads() {
        return numKvHeads;
    }

    /** Bytes allocated for the blocks. */
    public long byteSize() {
        return 2L * numLayers * (layerBytes + layerScaleBytes);
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

    /** The int8 key scales of a layer, float32 [slot][nKV]. */
    public MemorySegment keyScales(int layer) {
        requireInt8();
        if (!allocated) {
            allocate();
        }
        return keyScales[layer];
    }

    /** The int8 value scales of a layer, float32 [slot][nKV]. */
    public MemorySegment valueScales(int layer) {
        requireInt8();
        if (!allocated) {
            allocate();
        }
        return valueScales[layer];
    }

    private void requireInt8() {
        if (dtype != KvDType.INT8) {
            throw new IllegalStateException("a " + dtype.label() + " KV cache has no scales");
        }
    }

    /** The slot (block * blockSize + offset in block) that holds this position of a sequence. */
    public long slot(BlockTable table, int position) {
        return (long) table.block(position / blockSize) * blockSize + position % blockSize;
    }

    /** Byte offset, within a float32 layer segment, of the vector at this position of a sequence (head 0). */
    public long offset(BlockTable table, int position) {
        return slot(table, position) * kvDim * Float.BYTES;
    }

    /**
     * Stores one position's key and value vectors of one KV head (D floats each, from k[ko ..] and v[vo ..]):
     * copied, or quantized to int8 with their scales.
     */
    public void store(int layer, long slot, int kvHead, float[] k, int ko, float[] v, int vo, int headDim) {
        long element = slot * kvDim + (long) kvHead * headDim;
        if (dtype == KvDType.F32) {
            MemorySegment.copy(k, ko, keys(layer), ValueLayout.JAVA_FLOAT_UNALIGNED, element * Float.BYTES, headDim);
            MemorySegment.copy(v, vo, values(layer), ValueLayout.JAVA_FLOAT_UNALIGNED, element * Float.BYTES, headDim);
        } else {
            long scale = (slot * numKvHeads + kvHead) * Float.BYTES;
            keyScales(layer).set(ValueLayout.JAVA_FLOAT_UNALIGNED, scale, Int8.quantize(k, ko, headDim, keys(layer), element));
            valueScales(layer).set(ValueLayout.JAVA_FLOAT_UNALIGNED, scale, Int8.quantize(v, vo, headDim, values(layer), element));
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}

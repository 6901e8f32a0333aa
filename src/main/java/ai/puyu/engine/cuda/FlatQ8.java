package ai.puyu.engine.cuda;

import ai.puyu.engine.tensor.QuantizedWeights;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The q8 layout the CUDA kernels read: row-major int8 quants and one f16 scale per 32-column block.
 * The CPU stores q8 interleaved for its vector units; the device gets this plain layout, rebuilt through
 * {@link QuantizedWeights}' layout-independent accessors so the two formats can change independently.
 *
 * @param quants [rows, blocks * 32] int8, zero past the last column
 * @param scales [rows, blocks] f16 little-endian
 */
record FlatQ8(MemorySegment quants, MemorySegment scales) {

    static final int BLOCK = 32;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static FlatQ8 of(QuantizedWeights q) {
        if (!"q8".equals(q.format())) {
            throw new IllegalArgumentException("not q8 weights: " + q.format());
        }
        Arena arena = Arena.ofAuto();
        int rows = q.rows();
        int blocks = q.blocks();
        MemorySegment quants = arena.allocate((long) rows * blocks * BLOCK, 64);
        MemorySegment scales = arena.allocate((long) rows * blocks * 2, 64);
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                long block = (long) r * blocks + b;
                scales.set(U16, block * 2, Float.floatToFloat16(q.scale(r, b)));
                for (int j = 0; j < BLOCK; j++) {
                    int c = b * BLOCK + j;
                    byte v = c < q.cols() ? (byte) q.quant(r, c) : 0;
                    quants.set(ValueLayout.JAVA_BYTE, block * BLOCK + j, v);
                }
            }
        }
        return new FlatQ8(quants, scales);
    }
}

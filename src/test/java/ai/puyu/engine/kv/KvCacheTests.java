package ai.puyu.engine.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The block pool, block tables and the budget of the paged KV cache. */
class KvCacheTests {

    private static final long BLOCK = KvCache.bytesPerBlock(2, 32, 16); // 2 layers, kvDim 32

    @Test
    void allocatesAsManyBlocksAsTheBudgetHolds() {
        try (KvCache cache = new KvCache(2, 32, 16, 5 * BLOCK + BLOCK / 2)) {
            assertThat(BLOCK).isEqualTo(2L * 2 * 16 * 32 * 4);
            assertThat(cache.pool().capacity()).isEqualTo(5);
            assertThat(cache.byteSize()).isEqualTo(5 * BLOCK);
            assertThat(cache.allocated()).as("no host memory before first use").isFalse();
            assertThat(cache.keys(1).byteSize()).isEqualTo(5L * 16 * 32 * 4);
            assertThat(cache.allocated()).isTrue();
        }
    }

    @Test
    void blockTablesTakeBlocksPerSixteenPositionsAndGiveThemBack() {
        try (KvCache cache = new KvCache(2, 32, 16, 4 * BLOCK)) {
            BlockTable a = cache.newSequence();
            assertThat(a.blocksNeeded(17)).isEqualTo(2);
            a.ensureCapacity(17);
            assertThat(a.blocksNeeded(32)).isZero();
            assertThat(a.blocksNeeded(33)).isEqualTo(1);
            a.setLength(17);
            assertThat(a.blockCount()).isEqualTo(2);
            BlockTable b = cache.newSequence();
            b.ensureCapacity(16);
            assertThat(cache.pool().freeBlocks()).isEqualTo(1);
            // position 17 of a is slot 1 of its second block
            assertThat(cache.offset(a, 17)).isEqualTo(((long) a.block(1) * 16 + 1) * 32 * 4);
            a.truncate(16);
            assertThat(a.blockCount()).isEqualTo(1);
            assertThat(cache.pool().freeBlocks()).isEqualTo(2);
            a.release();
            b.release();
            assertThat(cache.pool().freeBlocks()).isEqualTo(4);
        }
    }

    @Test
    void aFailedReservationGivesBackWhatItTook() {
        try (KvCache cache = new KvCache(2, 32, 16, 3 * BLOCK)) {
            BlockTable a = cache.newSequence();
            a.ensureCapacity(16);
            BlockTable b = cache.newSequence();
            assertThatThrownBy(() -> b.ensureCapacity(48)).isInstanceOf(KvCacheFullException.class)
                    .hasMessageContaining("3 blocks");
            assertThat(b.blockCount()).isZero();
            assertThat(cache.pool().freeBlocks()).isEqualTo(2);
        }
    }

    @Test
    void sharedBlocksStayInUseUntilTheLastReferenceGoes() {
        try (KvCache cache = new KvCache(2, 32, 16, 2 * BLOCK)) {
            BlockTable a = cache.newSequence();
            a.ensureCapacity(16);
            a.setLength(16);
            BlockTable b = cache.newSequence();
            b.appendShared(a.block(0));
            assertThat(b.length()).isEqualTo(16);
            assertThat(cache.pool().refCount(a.block(0))).isEqualTo(2);
            a.release();
            assertThat(cache.pool().freeBlocks()).isEqualTo(1);
            b.release();
            assertThat(cache.pool().freeBlocks()).isEqualTo(2);
            assertThatThrownBy(() -> cache.pool().release(0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refusesABudgetBelowOneBlock() {
        assertThatThrownBy(() -> new KvCache(2, 32, 16, BLOCK - 1)).hasMessageContaining("below one block");
    }

    @Test
    void int8BlocksTakeAQuarterOfTheMemoryPlusTheirScales() {
        long f32 = KvCache.bytesPerBlock(2, 4, 8, 16, KvDType.F32);
        long int8 = KvCache.bytesPerBlock(2, 4, 8, 16, KvDType.INT8);
        assertThat(f32).isEqualTo(KvCache.bytesPerBlock(2, 32, 16));
        assertThat(int8).isEqualTo(2L * 2 * 16 * (32 + 4 * 4)); // 32 bytes and 4 float scales per position and layer
        try (KvCache cache = new KvCache(2, 4, 8, 16, 5 * int8, KvDType.INT8)) {
            assertThat(cache.pool().capacity()).isEqualTo(5);
            assertThat(cache.byteSize()).isEqualTo(5 * int8);
            assertThat(cache.keys(0).byteSize()).isEqualTo(5L * 16 * 32);
            assertThat(cache.keyScales(1).byteSize()).isEqualTo(5L * 16 * 4 * 4);
        }
        try (KvCache cache = new KvCache(2, 32, 16, 2 * BLOCK)) {
            assertThatThrownBy(() -> cache.keyScales(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("f32");
        }
    }

    @Test
    void int8StoreKeepsEachHeadWithinHalfAStepOfItsScale() {
        try (KvCache cache = new KvCache(1, 2, 8, 16, KvCache.bytesPerBlock(1, 2, 8, 16, KvDType.INT8), KvDType.INT8)) {
            BlockTable t = cache.newSequence();
            t.ensureCapacity(3);
            float[] k = {0.5f, -1.27f, 0.01f, 0f, 1.0f, -0.3f, 0.2f, 1.26f};
            float[] v = new float[8]; // all zero: scale 0, bytes 0
            long slot = cache.slot(t, 2);
            cache.store(0, slot, 1, k, 0, v, 0, 8);
            float ks = cache.keyScales(0).getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, slot * 2 + 1);
            assertThat(ks).isEqualTo(1.27f / 127f);
            for (int i = 0; i < 8; i++) {
                byte q = cache.keys(0).get(ValueLayout.JAVA_BYTE, slot * 16 + 8 + i);
                assertThat((double) q * ks).as("element %d", i).isCloseTo(k[i], within(ks / 2 + 1e-6));
                assertThat(cache.values(0).get(ValueLayout.JAVA_BYTE, slot * 16 + 8 + i)).isZero();
            }
            assertThat(cache.keys(0).get(ValueLayout.JAVA_BYTE, slot * 16 + 9)).isEqualTo((byte) -127);
            assertThat(cache.valueScales(0).getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, slot * 2 + 1)).isZero();
            // head 0 of that slot was not touched
            assertThat(cache.keyScales(0).getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, slot * 2)).isZero();
        }
    }

    @Test
    void dtypeNamesParseAndUnknownOnesAreRefusedByName() {
        assertThat(KvDType.parse("int8")).isEqualTo(KvDType.INT8);
        assertThat(KvDType.parse(" F32 ")).isEqualTo(KvDType.F32);
        assertThatThrownBy(() -> KvDType.parse("fp8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fp8'").hasMessageContaining("f32 or int8");
    }
}

package ai.puyu.engine.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}

package ai.puyu.engine.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The prefix index of the block pool: chain hashes, matching whole blocks, caching released blocks, LRU eviction. */
class PrefixIndexTests {

    private static final long BLOCK = KvCache.bytesPerBlock(1, 8, 4); // 1 layer, kvDim 8, 4 positions

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    /** A sequence whose keys and values are "computed" for all its tokens, then indexed. */
    private static BlockTable filled(KvCache cache, int[] tokens) {
        BlockTable t = cache.newSequence();
        t.ensureCapacity(tokens.length);
        t.setLength(tokens.length);
        t.indexFullBlocks(tokens);
        return t;
    }

    @Test
    void chainHashDependsOnEveryEarlierToken() {
        int[] a = range(0, 8);
        int[] b = range(0, 8);
        b[0] = 99;
        BlockHash ha = BlockHash.of(BlockHash.of(BlockHash.ROOT, a, 0, 4), a, 4, 4);
        BlockHash hb = BlockHash.of(BlockHash.of(BlockHash.ROOT, b, 0, 4), b, 4, 4);
        assertThat(ha).isNotEqualTo(hb);
        assertThat(BlockHash.of(BlockHash.ROOT, a, 4, 4)).isNotEqualTo(ha); // same block tokens, other parent
    }

    @Test
    void aNewSequenceTakesTheMatchingFullBlocksByReferenceAndStopsMidBlock() {
        try (KvCache cache = new KvCache(1, 8, 4, 10 * BLOCK)) {
            int[] first = range(10, 21); // 11 tokens: 2 full blocks indexed, the third partial
            BlockTable a = filled(cache, first);
            assertThat(cache.pool().indexedBlocks()).isEqualTo(2);
            int[] second = range(10, 20); // shares 10 tokens: 2 whole blocks then a mid-block end
            second = java.util.Arrays.copyOf(second, 14);
            BlockTable b = cache.newSequence();
            assertThat(b.attachCached(second, second.length - 1)).isEqualTo(8);
            assertThat(b.blocks()).containsExactly(a.block(0), a.block(1));
            assertThat(cache.pool().refCount(a.block(0))).isEqualTo(2);
            int[] other = range(11, 25);
            assertThat(cache.newSequence().attachCached(other, other.length - 1)).isZero();
        }
    }

    @Test
    void aKeptTailIsTakenOverByTheSequenceThatContinuesItAsFarAsItsTokensAgree() {
        try (KvCache cache = new KvCache(1, 8, 4, 10 * BLOCK)) {
            int[] first = range(10, 21); // 11 tokens: 2 full blocks, a tail of 3
            BlockTable a = filled(cache, first);
            int[] held = a.blocks();
            int tailBlock = held[2];
            a.keepTail(first);
            a.release();
            assertThat(cache.pool().keptTails()).isEqualTo(1);
            assertThat(cache.pool().cachedBlocks()).isEqualTo(3);
            // agrees with the tail's first 2 tokens only (10..19, then 20 differs): 8 + 2 positions, the block owned
            int[] second = java.util.Arrays.copyOf(range(10, 20), 14);
            BlockTable b = cache.newSequence();
            assertThat(b.attachCached(second, second.length - 1)).isEqualTo(10);
            assertThat(b.blocks()).containsExactly(held[0], held[1], tailBlock);
            assertThat(cache.pool().refCount(tailBlock)).isEqualTo(1);
            assertThat(cache.pool().keptTails()).as("taken, no longer offered").isZero();
            assertThat(cache.pool().isIndexed(tailBlock)).isFalse();
            b.release();
            // a tail after other blocks, or with a different first token, is not taken
            BlockTable c = filled(cache, first);
            c.keepTail(first);
            c.release();
            int[] other = range(11, 22);
            assertThat(cache.newSequence().attachCached(other, other.length - 1)).isZero();
            int[] diverging = first.clone();
            diverging[8] = 99;
            BlockTable d = cache.newSequence();
            assertThat(d.attachCached(diverging, diverging.length)).isEqualTo(8);
            assertThat(d.blockCount()).isEqualTo(2);
            assertThat(cache.pool().keptTails()).isEqualTo(1);
        }
    }

    @Test
    void aNewerTailAfterTheSamePrefixReplacesTheOlderAndTailsAreEvictedLikeBlocks() {
        try (KvCache cache = new KvCache(1, 8, 4, 4 * BLOCK)) {
            int[] x = range(0, 6);  // 1 full block, tail 4,5
            int[] y = range(0, 7);  // same block, tail 4,5,6
            BlockTable a = filled(cache, x);
            a.keepTail(x);
            a.release();
            BlockTable b = filled(cache, y);
            int newer = b.block(1);
            b.keepTail(y);
            b.release();
            assertThat(cache.pool().keptTails()).isEqualTo(1);
            assertThat(cache.pool().cachedBlocks()).as("the block and the newer tail").isEqualTo(2);
            BlockTable c = cache.newSequence();
            assertThat(c.attachCached(range(0, 9), 8)).isEqualTo(7);
            assertThat(c.block(1)).isEqualTo(newer);
            c.release();
            // a full pool evicts cached tails as it evicts cached blocks
            BlockTable e = filled(cache, range(0, 3));
            e.keepTail(range(0, 3));
            e.release();
            BlockTable big = cache.newSequence();
            big.ensureCapacity(16);
            assertThat(cache.pool().keptTails()).isZero();
            assertThat(cache.pool().cachedBlocks()).isZero();
            big.release();
        }
    }

    @Test
    void matchingLeavesTheLastTokenToCompute() {
        try (KvCache cache = new KvCache(1, 8, 4, 10 * BLOCK)) {
            int[] tokens = range(0, 8);
            filled(cache, tokens).release();
            assertThat(cache.newSequence().attachCached(tokens, tokens.length - 1)).isEqualTo(4);
            assertThat(cache.newSequence().attachCached(tokens, tokens.length)).isEqualTo(8);
        }
    }

    @Test
    void releasedIndexedBlocksStayCachedAndAreRevivedByAMatch() {
        try (KvCache cache = new KvCache(1, 8, 4, 4 * BLOCK)) {
            int[] tokens = range(0, 10);
            BlockTable a = filled(cache, tokens); // 3 blocks, 2 indexed
            a.release();
            BlockPool pool = cache.pool();
            assertThat(pool.cachedBlocks()).isEqualTo(2);
            assertThat(pool.freeBlocks()).isEqualTo(2);
            assertThat(pool.usedBlocks()).isZero();
            BlockTable b = cache.newSequence();
            assertThat(b.attachCached(tokens, 9)).isEqualTo(8);
            assertThat(pool.cachedBlocks()).isZero();
            assertThat(pool.usedBlocks()).isEqualTo(2);
        }
    }

    @Test
    void allocationEvictsTheLeastRecentlyReleasedCachedBlockFirst() {
        try (KvCache cache = new KvCache(1, 8, 4, 3 * BLOCK)) {
            int[] x = range(0, 4);
            int[] y = range(100, 104);
            BlockTable tx = filled(cache, x);
            BlockTable ty = filled(cache, y);
            tx.release(); // x is older in the LRU order
            ty.release();
            BlockTable fresh = cache.newSequence();
            fresh.ensureCapacity(8); // one free block, then one eviction
            assertThat(cache.pool().evictions()).isEqualTo(1);
            assertThat(cache.newSequence().attachCached(x, 4)).as("x evicted").isZero();
            assertThat(cache.newSequence().attachCached(y, 4)).as("y kept").isEqualTo(4);
        }
    }

    @Test
    void aLookupChecksTheBlockTokensNotOnlyTheHash() {
        try (KvCache cache = new KvCache(1, 8, 4, 2 * BLOCK)) {
            BlockPool pool = cache.pool();
            int block = pool.allocate();
            BlockHash h = BlockHash.of(BlockHash.ROOT, range(0, 4), 0, 4);
            pool.register(block, h, new int[] {7, 7, 7, 7}); // a forged collision: same key, other tokens
            assertThat(pool.lookup(h, range(0, 4), 0, 4)).isEqualTo(-1);
            assertThat(pool.lookup(h, new int[] {7, 7, 7, 7}, 0, 4)).isEqualTo(block);
        }
    }

    @Test
    void aSecondBlockWithTheSamePrefixIsNotIndexedAndFreesNormally() {
        try (KvCache cache = new KvCache(1, 8, 4, 4 * BLOCK)) {
            int[] tokens = range(0, 4);
            BlockTable a = filled(cache, tokens);
            BlockTable b = filled(cache, tokens); // computed twice (e.g. two identical prompts at once)
            assertThat(cache.pool().indexedBlocks()).isEqualTo(1);
            b.release();
            assertThat(cache.pool().freeBlocks()).isEqualTo(3);
            a.release();
            assertThat(cache.pool().cachedBlocks()).isEqualTo(1);
        }
    }
}

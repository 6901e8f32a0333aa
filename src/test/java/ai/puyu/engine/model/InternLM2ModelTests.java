package ai.puyu.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.engine.cpu.ScalarKernels;
import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvCacheFullException;
import ai.puyu.engine.tensor.ScalarMatrix;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batched forward pass gives the same logits however the tokens are grouped into steps. */
class InternLM2ModelTests {

    /** Two threads, so that the products and the attention heads run split. */
    private static final Matmul MATMUL = new Matmul(2);
    private static final int[] PROMPT = {1, 17, 250, 3, 99, 42, 42, 7, 150, 299, 0, 12, 64, 33, 18, 5, 77, 201, 9, 4};

    private final ModelConfig config = RandomWeights.smallConfig(2048);
    private final ModelWeights weights = RandomWeights.create(config, 7);

    private InternLM2Model model() {
        return new InternLM2Model(config, weights, ScalarMatrix::new, VectorKernels.INSTANCE, MATMUL);
    }

    /** Logits of every prompt position, fed in chunks of the given sizes. */
    private static float[] logitsInChunks(InternLM2Model model, int[] prompt, int... chunkSizes) {
        try (KvCache cache = model.newKvCache(1 << 20)) {
            BlockTable table = cache.newSequence();
            float[] all = new float[0];
            int pos = 0;
            for (int size : chunkSizes) {
                int[] chunk = Arrays.copyOfRange(prompt, pos, pos + size);
                float[] l = model.forward(List.of(new InternLM2Chunk(table, chunk, InternLM2Chunk.Logits.ALL)))[0];
                all = concat(all, l);
                pos += size;
            }
            assertThat(pos).isEqualTo(prompt.length);
            assertThat(table.length()).isEqualTo(prompt.length);
            return all;
        }
    }

    @Test
    void prefillInOneStepMatchesTokenByTokenAndChunkedBitForBit() {
        // attention computes up to Attention.TOKENS tokens of a chunk together (sharing each block of keys and
        // values); every token must still get exactly the bits it gets alone, whatever the chunking, including
        // groups that cross a 16-position block edge and chunks that start mid-block (the products here are the
        // scalar twin, which does not depend on the batch either)
        InternLM2Model model = model();
        float[] whole = logitsInChunks(model, PROMPT, PROMPT.length);
        assertThat(whole).hasSize(PROMPT.length * config.vocabSize());
        int[] ones = new int[PROMPT.length];
        Arrays.fill(ones, 1);
        assertThat(logitsInChunks(model, PROMPT, ones)).containsExactly(whole);
        assertThat(logitsInChunks(model, PROMPT, 3, 13, 1, 3)).containsExactly(whole);
        assertThat(logitsInChunks(model, PROMPT, 6, 9, 5)).containsExactly(whole);
    }

    @Test
    void batchOfSequencesMatchesEachAlone() {
        InternLM2Model model = model();
        int[] a = Arrays.copyOf(PROMPT, 11);
        int[] b = Arrays.copyOfRange(PROMPT, 4, 20);
        float[] aloneA = logitsInChunks(model, a, a.length);
        float[] aloneB = logitsInChunks(model, b, b.length);
        try (KvCache cache = model.newKvCache(1 << 20)) {
            BlockTable ta = cache.newSequence();
            BlockTable tb = cache.newSequence();
            float[][] out = model.forward(List.of(new InternLM2Chunk(ta, a, InternLM2Chunk.Logits.ALL), new InternLM2Chunk(tb, b, InternLM2Chunk.Logits.ALL)));
            assertThat(maxRelativeError(out[0], aloneA)).isLessThan(1e-5);
            assertThat(maxRelativeError(out[1], aloneB)).isLessThan(1e-5);
            // then one decode step for both together, each needing only its last logits
            float[][] next = model.forward(List.of(InternLM2Chunk.of(ta, 5), InternLM2Chunk.of(tb, 6)));
            float[] soloA = lastRow(logitsInChunks(model, concat(a, new int[] {5}), a.length, 1));
            float[] soloB = lastRow(logitsInChunks(model, concat(b, new int[] {6}), b.length + 1));
            assertThat(next[0]).hasSize(config.vocabSize());
            assertThat(maxRelativeError(next[0], soloA)).isLessThan(1e-5);
            assertThat(maxRelativeError(next[1], soloB)).isLessThan(1e-5);
        }
    }

    @Test
    void everythingButTheWeightProductsIsBitwiseBatchInvariant() {
        // With weight products that do not depend on the batch (the scalar twin), a sequence's logits are
        // bit-for-bit the same whether it runs alone or with others: norms, RoPE, attention and the rest
        // never mix rows.
        InternLM2Model model = model();
        int[] a = Arrays.copyOf(PROMPT, 13);
        int[] b = Arrays.copyOfRange(PROMPT, 2, 7);
        try (KvCache cache = model.newKvCache(1 << 20)) {
            BlockTable ta = cache.newSequence();
            BlockTable tb = cache.newSequence();
            BlockTable sa = cache.newSequence();
            BlockTable sb = cache.newSequence();
            float[][] both = model.forward(List.of(InternLM2Chunk.of(ta, a), InternLM2Chunk.of(tb, b)));
            assertThat(both[0]).containsExactly(model.forward(List.of(InternLM2Chunk.of(sa, a)))[0]);
            assertThat(both[1]).containsExactly(model.forward(List.of(InternLM2Chunk.of(sb, b)))[0]);
            for (int step = 0; step < 3; step++) {
                both = model.forward(List.of(InternLM2Chunk.of(ta, 10 + step), InternLM2Chunk.of(tb, 20 + step)));
                assertThat(both[0]).containsExactly(model.forward(List.of(InternLM2Chunk.of(sa, 10 + step)))[0]);
                assertThat(both[1]).containsExactly(model.forward(List.of(InternLM2Chunk.of(sb, 20 + step)))[0]);
            }
        }
    }

    @Test
    void scalarAndVectorKernelsGiveTheSameLogits() {
        float[] vector = logitsInChunks(model(), PROMPT, 8, 12);
        InternLM2Model scalar = new InternLM2Model(config, weights, ScalarMatrix::new, ScalarKernels.INSTANCE, MATMUL);
        assertThat(maxRelativeError(logitsInChunks(scalar, PROMPT, 8, 12), vector)).isLessThan(1e-5);
    }

    @Test
    void dynamicNtkPastMaxPositionsDoesNotDependOnChunking() {
        ModelConfig shortContext = RandomWeights.smallConfig(6);
        InternLM2Model model = new InternLM2Model(shortContext, weights, ScalarMatrix::new, VectorKernels.INSTANCE, MATMUL);
        float[] whole = logitsInChunks(model, PROMPT, PROMPT.length);
        int[] ones = new int[PROMPT.length];
        Arrays.fill(ones, 1);
        assertThat(maxRelativeError(logitsInChunks(model, PROMPT, ones), whole)).isLessThan(1e-5);
        // and the scaling changes the logits past position 6 but not before
        float[] plain = logitsInChunks(model(), PROMPT, PROMPT.length);
        int v = config.vocabSize();
        assertThat(maxRelativeError(Arrays.copyOf(whole, 6 * v), Arrays.copyOf(plain, 6 * v))).isLessThan(1e-6);
        assertThat(maxRelativeError(Arrays.copyOfRange(whole, 7 * v, 8 * v), Arrays.copyOfRange(plain, 7 * v, 8 * v)))
                .isGreaterThan(1e-4);
    }

    @Test
    void chunksWithoutLogitsReturnNoneAndLeaveTheSameCache() {
        InternLM2Model model = model();
        float[] whole = logitsInChunks(model, PROMPT, PROMPT.length);
        int v = config.vocabSize();
        try (KvCache cache = model.newKvCache(1 << 20)) {
            BlockTable table = cache.newSequence();
            float[][] none = model.forward(List.of(new InternLM2Chunk(table, Arrays.copyOf(PROMPT, 17),
                    InternLM2Chunk.Logits.NONE)));
            assertThat(none[0]).isEmpty();
            float[] last = model.forward(List.of(InternLM2Chunk.of(table, Arrays.copyOfRange(PROMPT, 17, 20))))[0];
            assertThat(maxRelativeError(last, Arrays.copyOfRange(whole, 19 * v, 20 * v))).isLessThan(1e-5);
        }
    }

    @Test
    void refusesTokensOutsideTheVocabulary() {
        try (KvCache cache = model().newKvCache(1 << 20)) {
            BlockTable table = cache.newSequence();
            assertThatThrownBy(() -> model().forward(List.of(InternLM2Chunk.of(table, 1, 300))))
                    .hasMessageContaining("token id 300");
            assertThat(cache.pool().freeBlocks()).as("nothing taken").isEqualTo(cache.pool().capacity());
        }
    }

    @Test
    void failsCleanlyWhenTheKvCacheIsFull() {
        InternLM2Model model = model();
        long oneBlock = KvCache.bytesPerBlock(config.numLayers(), config.kvDim(), KvCache.DEFAULT_BLOCK_SIZE);
        try (KvCache cache = model.newKvCache(oneBlock)) {
            BlockTable table = cache.newSequence();
            assertThatThrownBy(() -> model.forward(List.of(InternLM2Chunk.of(table, PROMPT))))
                    .isInstanceOf(KvCacheFullException.class);
            assertThat(cache.pool().freeBlocks()).isEqualTo(1);
            assertThat(table.length()).isZero();
        }
    }

    /** max|a - b| / max|b|. */
    static double maxRelativeError(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) a[i] - b[i]));
            maxRef = Math.max(maxRef, Math.abs(b[i]));
        }
        return maxDiff / maxRef;
    }

    private float[] lastRow(float[] all) {
        return Arrays.copyOfRange(all, all.length - config.vocabSize(), all.length);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

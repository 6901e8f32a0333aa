package ai.puyu.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.InternLM2Model;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.model.RandomWeights;
import ai.puyu.engine.sampling.SamplingParams;
import ai.puyu.engine.tensor.ScalarMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reusing a cached prefix across calls gives exactly the tokens of a cold prefill. */
class CachedSequenceTests {

    private static final Matmul MATMUL = new Matmul(2);
    private final ModelConfig config = RandomWeights.smallConfig(2048);
    private final InternLM2Model model = new InternLM2Model(config, RandomWeights.create(config, 11),
            ScalarMatrix::new, VectorKernels.INSTANCE, MATMUL);
    private final Generator generator = new Generator(model);

    private static final TextDecoder NO_TEXT = new TextDecoder() {
        @Override
        public String push(int id) {
            return "";
        }

        @Override
        public String flush() {
            return "";
        }
    };

    private int[] generate(CachedSequence seq, int[] ids, int max) {
        int[] fresh = seq.prepare(ids);
        Generation g = generator.generate(seq.table(), fresh, ids, SamplingParams.greedy(max), NO_TEXT, t -> { }, t -> { });
        seq.generated(ids, g.tokens());
        return g.tokens();
    }

    private int[] cold(int[] ids, int max) {
        try (KvCache cache = model.newKvCache(1 << 20)) {
            return generate(new CachedSequence(cache.newSequence()), ids, max);
        }
    }

    private static int[] concat(int[]... parts) {
        int[] r = new int[0];
        for (int[] p : parts) {
            int at = r.length;
            r = Arrays.copyOf(r, at + p.length);
            System.arraycopy(p, 0, r, at, p.length);
        }
        return r;
    }

    @Test
    void aSecondTurnFeedsOnlyItsNewTokensAndMatchesAColdPrefill() {
        int[] turn1 = {1, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210, 220};
        try (KvCache cache = model.newKvCache(1 << 20)) {
            CachedSequence seq = new CachedSequence(cache.newSequence());
            int[] reply = generate(seq, turn1, 6);
            assertThat(seq.reused()).isZero();
            int[] turn2 = concat(turn1, reply, new int[] {2, 13, 14, 15});
            int[] warm = generate(seq, turn2, 8);
            // everything but the reply's last token (sampled, never fed) came from the cache
            assertThat(seq.reused()).isEqualTo(turn1.length + reply.length - 1);
            assertThat(warm).containsExactly(cold(turn2, 8));
        }
    }

    @Test
    void aSequenceThatDivergesMidBlockIsCutBackToTheCommonPrefix() {
        int[] first = {1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
        try (KvCache cache = model.newKvCache(1 << 20)) {
            CachedSequence seq = new CachedSequence(cache.newSequence());
            generate(seq, first, 4);
            int[] edited = first.clone();
            edited[18] = 99; // position 18: block 1, slot 2
            int[] warm = generate(seq, edited, 8);
            assertThat(seq.reused()).isEqualTo(18);
            assertThat(warm).containsExactly(cold(edited, 8));
            // the same ids again: all but the last come from the cache
            generate(seq, edited, 1);
            assertThat(seq.reused()).isEqualTo(edited.length - 1);
            seq.reset();
            assertThat(seq.table().length()).isZero();
            assertThat(cache.pool().freeBlocks()).isEqualTo(cache.pool().capacity());
        }
    }
}

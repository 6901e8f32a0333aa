package ai.puyu.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sampling rules on small distributions whose answers can be checked by hand. */
class SamplerTests {

    /** Logits whose softmax is exactly (up to rounding) 0.5, 0.3, 0.15, 0.05. */
    private static final float[] FOUR = {
            (float) Math.log(0.15), (float) Math.log(0.5), (float) Math.log(0.05), (float) Math.log(0.3)};

    private static SamplingParams sampling(double temperature) {
        return SamplingParams.greedy(10).withTemperature(temperature);
    }

    @Test
    void greedyTakesTheLargestLogit() {
        Sampler s = new Sampler(SamplingParams.greedy(5), 4, new int[0]);
        assertThat(s.sample(FOUR, 0)).isEqualTo(1);
        assertThat(s.sample(new float[] {9, 0, 1, 2, 3}, 1)).isEqualTo(3);
    }

    @Test
    void temperatureDividesTheLogits() {
        double[] p = new Sampler(sampling(2), 4, new int[0]).probabilities(FOUR, 0);
        double z = Math.sqrt(0.15) + Math.sqrt(0.5) + Math.sqrt(0.05) + Math.sqrt(0.3);
        assertThat(p[1]).isCloseTo(Math.sqrt(0.5) / z, within(1e-6));
        assertThat(p[2]).isCloseTo(Math.sqrt(0.05) / z, within(1e-6));
    }

    @Test
    void topPKeepsTheSmallestNucleusReachingP() {
        double[] p = new Sampler(sampling(1).withTopP(0.75), 4, new int[0]).probabilities(FOUR, 0);
        // 0.5 + 0.3 reaches 0.75: the nucleus is {1, 3}, renormalised to 0.625 / 0.375.
        assertThat(p).containsExactly(new double[] {0, 0.625, 0, 0.375}, within(1e-6));
        double[] wider = new Sampler(sampling(1).withTopP(0.85), 4, new int[0]).probabilities(FOUR, 0);
        assertThat(wider).containsExactly(new double[] {0.15 / 0.95, 0.5 / 0.95, 0, 0.3 / 0.95}, within(1e-6));
    }

    @Test
    void minPDropsTokensBelowAFractionOfTheBest() {
        double[] p = new Sampler(sampling(1).withMinP(0.2), 4, new int[0]).probabilities(FOUR, 0);
        // threshold 0.2 * 0.5 = 0.1: only 0.05 goes
        assertThat(p).containsExactly(new double[] {0.15 / 0.95, 0.5 / 0.95, 0, 0.3 / 0.95}, within(1e-6));
        // the same after a nucleus (0.99) that keeps all four
        double[] afterTopP = new Sampler(sampling(1).withTopP(0.99).withMinP(0.2), 4, new int[0]).probabilities(FOUR, 0);
        assertThat(afterTopP).containsExactly(new double[] {0.15 / 0.95, 0.5 / 0.95, 0, 0.3 / 0.95}, within(1e-6));
    }

    @Test
    void topKNeverPicksOutsideTheKBest() {
        SplittableRandom r = new SplittableRandom(3);
        float[] logits = new float[50];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian();
        }
        Set<Integer> best = new HashSet<>();
        Integer[] ids = new Integer[50];
        for (int i = 0; i < 50; i++) {
            ids[i] = i;
        }
        java.util.Arrays.sort(ids, (a, b) -> Float.compare(logits[b], logits[a]));
        for (int i = 0; i < 5; i++) {
            best.add(ids[i]);
        }
        Sampler s = new Sampler(sampling(3).withTopK(5).withSeed(11), 50, new int[0]);
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            picked.add(s.sample(logits, 0));
        }
        assertThat(picked).isEqualTo(best);
    }

    @Test
    void drawsFollowTheDistribution() {
        Sampler s = new Sampler(sampling(1).withSeed(5), 4, new int[0]);
        int[] counts = new int[4];
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            counts[s.sample(FOUR, 0)]++;
        }
        assertThat(counts[1] / (double) n).isCloseTo(0.5, within(0.01));
        assertThat(counts[3] / (double) n).isCloseTo(0.3, within(0.01));
        assertThat(counts[0] / (double) n).isCloseTo(0.15, within(0.01));
        assertThat(counts[2] / (double) n).isCloseTo(0.05, within(0.01));
    }

    @Test
    void theSameSeedGivesTheSameTokens() {
        float[] logits = new float[1000];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian();
        }
        SamplingParams p = sampling(1.0).withTopP(0.9).withSeed(1234);
        int[] a = draws(new Sampler(p, 1000, new int[0]), logits);
        int[] b = draws(new Sampler(p, 1000, new int[0]), logits);
        int[] c = draws(new Sampler(p.withSeed(99), 1000, new int[0]), logits);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static int[] draws(Sampler s, float[] logits) {
        int[] out = new int[30];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.sample(logits, 0);
        }
        return out;
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        float[] logits = {1, 4, 3, -2, 5, 0.5f};
        Sampler s = new Sampler(SamplingParams.greedy(5).withPenalties(2, 0, 0), 6, new int[] {1, 3});
        assertThat(s.penalized(logits, 0)).containsExactly(1, 2, 3, -4, 5, 0.5f);
        s.accept(5);
        assertThat(s.penalized(logits, 0)).containsExactly(1, 2, 3, -4, 5, 0.25f);
    }

    @Test
    void presenceAndFrequencyPenaltiesCountOnlyGeneratedTokens() {
        float[] logits = {1, 4, 3, -2, 5, 0.5f};
        Sampler s = new Sampler(SamplingParams.greedy(5).withPenalties(1, 0.5, 0.25), 6, new int[] {1, 3});
        assertThat(s.penalized(logits, 0)).containsExactly(logits);
        s.accept(4);
        s.accept(4);
        s.accept(2);
        // token 4: 5 - 0.5 - 2 * 0.25; token 2: 3 - 0.5 - 0.25; prompt tokens untouched
        assertThat(s.penalized(logits, 0)).containsExactly(1, 4, 2.25f, -2, 4, 0.5f);
        // and greedy now sees token 1 as the best
        assertThat(s.sample(logits, 0)).isEqualTo(1);
    }

    @Test
    void topKReachesTokensFarBelowTheBestOnes() {
        // 3 candidates near the top, the rest 1000 logits lower: top-k 5 still keeps exactly 5 tokens
        float[] logits = new float[20];
        java.util.Arrays.fill(logits, -1000);
        logits[4] = 2;
        logits[9] = 1;
        logits[13] = 0;
        logits[2] = -999;
        logits[17] = -998;
        double[] p = new Sampler(sampling(1).withTopK(5), 20, new int[0]).probabilities(logits, 0);
        long nonZeroOrKept = java.util.stream.IntStream.of(4, 9, 13).filter(i -> p[i] > 0).count();
        assertThat(nonZeroOrKept).isEqualTo(3);
        assertThat(p[4] + p[9] + p[13]).isCloseTo(1.0, within(1e-12));
        assertThat(new Sampler(sampling(1).withTopK(50), 20, new int[0]).probabilities(logits, 0)[4])
                .isCloseTo(p[4], within(1e-12));
    }

    @Test
    void withoutTopKOrTopPMinPAloneFiltersByTheBestProbability() {
        double[] p = new Sampler(sampling(1).withMinP(0.35), 4, new int[0]).probabilities(FOUR, 0);
        // threshold 0.35 * 0.5 = 0.175: 0.5 and 0.3 stay
        assertThat(p).containsExactly(new double[] {0, 0.625, 0, 0.375}, within(1e-6));
    }

    @Test
    void parametersCompareByValue() {
        SamplingParams a = SamplingParams.greedy(5, 2, 92542).withStopStrings(List.of("x"));
        SamplingParams b = SamplingParams.greedy(5, 2, 92542).withStopStrings(List.of("x"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.withStopTokenIds(2));
        assertThat(a.toString()).contains("stopTokenIds=[2, 92542]");
    }

    @Test
    void refusesOutOfRangeParameters() {
        assertThatThrownBy(() -> sampling(1).withTopP(0)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> sampling(-1)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> sampling(1).withPenalties(0, 0, 0)).hasMessageContaining("repetition_penalty");
    }
}

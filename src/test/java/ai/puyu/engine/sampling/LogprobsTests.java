package ai.puyu.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Logprobs#compute} against a straightforward double-precision reference: log(p_i) = x_i - log(sum_j
 * exp(x_j)) with every term in double, and the top k found by sorting the whole vocabulary (value descending,
 * id ascending).
 */
class LogprobsTests {

    private static final double EPS = 1e-9;

    /** The reference log-probability of every token. */
    private static double[] reference(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) {
            if (!Float.isNaN(x)) {
                max = Math.max(max, x);
            }
        }
        double sum = 0;
        for (float x : logits) {
            if (!Float.isNaN(x)) {
                sum += Math.exp((double) x - max);
            }
        }
        double logZ = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] == Float.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : logits[i] - logZ;
        }
        return out;
    }

    /** The reference top k: a full sort of the non-NaN ids. */
    private static int[] referenceTop(float[] logits, int k) {
        return IntStream.range(0, logits.length).filter(i -> !Float.isNaN(logits[i])).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static void assertMatchesReference(float[] logits, int chosen, int k) {
        Logprobs lp = Logprobs.compute(logits, 0, logits.length, chosen, k);
        double[] ref = reference(logits);
        assertThat(lp.tokenId()).isEqualTo(chosen);
        assertClose(lp.logprob(), ref[chosen]);
        int[] top = referenceTop(logits, k);
        assertThat(lp.topIds()).containsExactly(top);
        for (int j = 0; j < top.length; j++) {
            assertClose(lp.topLogprob(j), ref[top[j]]);
        }
    }

    private static void assertClose(double actual, double expected) {
        if (Double.isInfinite(expected)) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual).isCloseTo(expected, within(EPS));
        }
    }

    private static float[] random(SplittableRandom r, int vocab, double scale) {
        float[] l = new float[vocab];
        for (int i = 0; i < vocab; i++) {
            l[i] = (float) (r.nextGaussian() * scale);
        }
        return l;
    }

    @Test
    void matchesTheDoublePrecisionReferenceOnRandomLogits() {
        SplittableRandom r = new SplittableRandom(42);
        for (int trial = 0; trial < 40; trial++) {
            int vocab = trial < 4 ? 92_544 : 1 + r.nextInt(3000);
            float[] logits = random(r, vocab, 1 + r.nextDouble() * 8);
            assertMatchesReference(logits, r.nextInt(vocab), r.nextInt(21));
        }
    }

    @Test
    void tiedLogitsComeInAscendingIdOrderSoTheGreedyChoiceIsFirst() {
        float[] logits = new float[500];
        Arrays.fill(logits, -3f);
        for (int i : new int[] {400, 17, 250, 333}) {
            logits[i] = 5f; // four tokens share the best logit
        }
        logits[100] = 4f;
        Logprobs lp = Logprobs.compute(logits, 0, logits.length, 17, 6);
        assertThat(lp.topIds()).containsExactly(17, 250, 333, 400, 100, 0);
        assertThat(lp.topLogprob(0)).isEqualTo(lp.topLogprob(3)).isEqualTo(lp.logprob());
        int greedy = new Sampler(SamplingParams.greedy(1), logits.length, new int[0]).sample(logits, 0);
        assertThat(lp.topId(0)).isEqualTo(greedy);
        assertMatchesReference(logits, 17, 6);
        // ties straddling the k-th place keep the smallest ids
        assertMatchesReference(logits, 0, 2);
        float[] allEqual = new float[64];
        assertMatchesReference(allEqual, 5, 20);
        assertThat(Logprobs.compute(allEqual, 0, 64, 5, 3).logprob()).isCloseTo(-Math.log(64), within(EPS));
    }

    @Test
    void maskedLogitsHaveMinusInfinityAndTheRestStillSumToOne() {
        SplittableRandom r = new SplittableRandom(7);
        float[] logits = random(r, 2000, 3);
        for (int i = 0; i < logits.length; i += 3) {
            logits[i] = Float.NEGATIVE_INFINITY;
        }
        assertMatchesReference(logits, 3, 20);
        Logprobs masked = Logprobs.compute(logits, 0, logits.length, 0, 0);
        assertThat(masked.logprob()).isEqualTo(Double.NEGATIVE_INFINITY);
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            total += Math.exp(Logprobs.compute(logits, 0, logits.length, i, 0).logprob());
        }
        assertThat(total).isCloseTo(1, within(1e-9));
    }

    @Test
    void asksForMoreThanTheFiniteTokensListsTheMaskedOnesLast() {
        float[] logits = {Float.NEGATIVE_INFINITY, 1, Float.NEGATIVE_INFINITY, 2, Float.NaN};
        Logprobs lp = Logprobs.compute(logits, 0, 5, 3, 10);
        assertThat(lp.topIds()).containsExactly(3, 1, 0, 2); // NaN is never a candidate
        assertThat(lp.topLogprob(2)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertMatchesReference(logits, 1, 4);
    }

    @Test
    void staysFiniteForLogitsFarBeyondFloatExpRange() {
        float[] logits = {90_000f, 89_999f, 89_990f, -90_000f};
        Logprobs lp = Logprobs.compute(logits, 0, 4, 1, 4);
        // log Z = 90000 + log(1 + e^-1 + e^-10 + e^-180000), so token 1 has -1 - log(1 + e^-1 + e^-10)
        assertThat(lp.logprob()).isCloseTo(-1 - Math.log(1 + Math.exp(-1) + Math.exp(-10)), within(1e-9));
        assertMatchesReference(logits, 1, 4);
        assertThat(Arrays.stream(lp.topLogprobs()).max().orElseThrow()).isLessThanOrEqualTo(0);
    }

    @Test
    void readsTheWindowAtTheOffset() {
        float[] logits = {100, 100, 1, 2, 3, 100};
        Logprobs lp = Logprobs.compute(logits, 2, 3, 0, 2);
        assertThat(lp.topIds()).containsExactly(2, 1);
        assertMatchesReference(new float[] {1, 2, 3}, 0, 2);
        assertThat(lp.logprob()).isEqualTo(Logprobs.compute(new float[] {1, 2, 3}, 0, 3, 0, 0).logprob());
    }

    @Test
    void zeroAlternativesGivesOnlyTheChosenTokenAndMoreThanTheVocabularyGivesItAll() {
        float[] logits = {0.5f, -1f, 2f};
        assertThat(Logprobs.compute(logits, 0, 3, 1, 0).topCount()).isZero();
        assertThat(Logprobs.compute(logits, 0, 3, 1, 20).topIds()).containsExactly(2, 0, 1);
    }

    @Test
    void refusesATokenOutsideTheVocabularyOrTooManyAlternatives() {
        float[] logits = new float[8];
        assertThatThrownBy(() -> Logprobs.compute(logits, 0, 8, 8, 1)).hasMessageContaining("token 8");
        assertThatThrownBy(() -> Logprobs.compute(logits, 0, 8, 0, Logprobs.MAX_TOP + 1))
                .hasMessageContaining("top logprobs");
        assertThatThrownBy(() -> Logprobs.compute(logits, 0, 8, 0, -1)).hasMessageContaining("top logprobs");
    }
}

package ai.puyu.engine.sampling;

import java.util.Arrays;

/**
 * The log-probabilities of one generated position, as OpenAI's {@code logprobs} report them: the chosen token's
 * and the {@code k} most likely tokens' (best first; ties in ascending id order, the order greedy sampling breaks
 * them in, so under greedy sampling without penalties the chosen token is the first entry).
 *
 * <p>They describe the model's <em>raw</em> distribution, log-softmax of the logits as the forward pass returns
 * them: before the penalties, the temperature and the top-k / top-p / min-p filters (vLLM's default). A token the
 * sampler could never have chosen (filtered out) still has its raw log-probability; a logit of -inf (masked) gives
 * -inf.
 *
 * @param tokenId     the chosen token
 * @param logprob     its log-probability (<= 0)
 * @param topIds      the k most likely tokens, best first // [k]
 * @param topLogprobs their log-probabilities, descending // [k]
 */
public record Logprobs(int tokenId, double logprob, int[] topIds, double[] topLogprobs) {

    /** The most alternatives one position may ask for (OpenAI's limit is 20; this leaves room). */
    public static final int MAX_TOP = 64;

    public Logprobs {
        if (topIds.length != topLogprobs.length) {
            throw new IllegalArgumentException("top ids and top logprobs differ in length");
        }
        topIds = topIds.clone();
        topLogprobs = topLogprobs.clone();
    }

    @Override
    public int[] topIds() {
        return topIds.clone();
    }

    @Override
    public double[] topLogprobs() {
        return topLogprobs.clone();
    }

    /** Number of alternatives. */
    public int topCount() {
        return topIds.length;
    }

    /** The {@code i}-th most likely token. */
    public int topId(int i) {
        return topIds[i];
    }

    /** The {@code i}-th best log-probability. */
    public double topLogprob(int i) {
        return topLogprobs[i];
    }

    /**
     * Computes the log-softmax of {@code logits[offset .. offset + vocab)} once (max-subtracted, accumulated in
     * double), the chosen token's value and the {@code top} best by a partial selection: one pass keeping a sorted
     * array of {@code top} entries, so the cost is O(vocab + vocab * top) in the worst case and about one
     * comparison per token in practice; the vocabulary is never sorted. NaN logits are never among the top.
     *
     * @param top how many alternatives (0 for none; at most {@link #MAX_TOP} and the vocabulary)
     */
    public static Logprobs compute(float[] logits, int offset, int vocab, int chosen, int top) {
        if (chosen < 0 || chosen >= vocab) {
            throw new IllegalArgumentException("token " + chosen + " is outside the vocabulary [0, " + vocab + ")");
        }
        if (top < 0 || top > MAX_TOP) {
            throw new IllegalArgumentException("top logprobs must be in [0, " + MAX_TOP + "], not " + top);
        }
        int k = Math.min(top, vocab);
        double logZ = logNormalizer(logits, offset, vocab);
        int[] ids = new int[k];
        float[] values = new float[k];
        int filled = 0;
        for (int i = 0; i < vocab; i++) {
            float x = logits[offset + i];
            // strictly better than the k-th: an equal later id stays behind (ascending id among ties)
            if (k == 0 || Float.isNaN(x) || (filled == k && !(x > values[k - 1]))) {
                continue;
            }
            int j = filled < k ? filled++ : k - 1;
            while (j > 0 && x > values[j - 1]) {
                values[j] = values[j - 1];
                ids[j] = ids[j - 1];
                j--;
            }
            values[j] = x;
            ids[j] = i;
        }
        double[] lp = new double[filled];
        for (int j = 0; j < filled; j++) {
            lp[j] = logprob(values[j], logZ);
        }
        return new Logprobs(chosen, logprob(logits[offset + chosen], logZ), Arrays.copyOf(ids, filled), lp);
    }

    /** log(sum(exp(logits))) over the vocabulary, computed as max + log(sum(exp(x - max))) in double. */
    static double logNormalizer(float[] logits, int offset, int vocab) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + vocab; i++) {
            if (logits[i] > max) {
                max = logits[i];
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return Double.NaN; // every token masked (or NaN): no distribution
        }
        if (max == Float.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        double sum = 0;
        for (int i = offset; i < offset + vocab; i++) {
            float x = logits[i];
            if (x > Float.NEGATIVE_INFINITY) { // skips -inf (exp is 0) and NaN
                sum += Math.exp((double) x - max);
            }
        }
        return max + Math.log(sum);
    }

    private static double logprob(float logit, double logZ) {
        if (logit == Float.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.min(0, logit - logZ); // rounding must not make a sure token more than certain
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Logprobs l && tokenId == l.tokenId && Double.compare(logprob, l.logprob) == 0
                && Arrays.equals(topIds, l.topIds) && Arrays.equals(topLogprobs, l.topLogprobs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(tokenId) + Double.hashCode(logprob)) + Arrays.hashCode(topIds);
    }

    @Override
    public String toString() {
        return "Logprobs[tokenId=" + tokenId + ", logprob=" + logprob + ", topIds=" + Arrays.toString(topIds)
                + ", topLogprobs=" + Arrays.toString(topLogprobs) + "]";
    }
}

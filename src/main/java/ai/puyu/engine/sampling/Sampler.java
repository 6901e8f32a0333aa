package ai.puyu.engine.sampling;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Chooses tokens from logits for one sequence, as Hugging Face's generate does: penalties first (repetition
 * over prompt and output, then OpenAI presence and frequency over the output), then, unless greedy,
 * temperature, top-k, top-p and min-p, and a draw from what is left with a seeded {@link SplittableRandom}
 * (same seed, same logits: same tokens). Every chosen token is remembered for the penalties.
 * Not thread-safe: one per sequence.
 */
public final class Sampler {

    private final SamplingParams params;
    private final int vocabSize;
    private final SplittableRandom random;
    private final BitSet seen = new BitSet();  // tokens of prompt and output
    private final int[] outputCounts;         // [V] occurrences in the output
    private final BitSet generated = new BitSet();

    public Sampler(SamplingParams params, int vocabSize, int[] promptIds) {
        this.params = params;
        this.vocabSize = vocabSize;
        this.random = new SplittableRandom(params.seed());
        this.outputCounts = new int[vocabSize];
        for (int id : promptIds) {
            if (id >= 0 && id < vocabSize) {
                seen.set(id);
            }
        }
    }

    public SamplingParams params() {
        return params;
    }

    /** Chooses the next token from logits[offset .. offset + V) (left unchanged) and remembers it. */
    public int sample(float[] logits, int offset) {
        float[] l = penalized(logits, offset);
        int token;
        if (params.isGreedy()) {
            token = argmax(l);
        } else {
            double[] p = distribution(l);
            token = draw(p);
        }
        accept(token);
        return token;
    }

    /** Remembers a token that is part of the output (sampled elsewhere or forced). */
    public void accept(int token) {
        seen.set(token);
        generated.set(token);
        outputCounts[token]++;
    }

    /**
     * The probabilities the next draw uses // [V], zero for filtered tokens; for greedy sampling, 1 at the argmax.
     * Does not change the sampler's state.
     */
    public double[] probabilities(float[] logits, int offset) {
        float[] l = penalized(logits, offset);
        if (params.isGreedy()) {
            double[] p = new double[vocabSize];
            p[argmax(l)] = 1;
            return p;
        }
        return distribution(l);
    }

    /** Logits after the repetition, presence and frequency penalties. */
    float[] penalized(float[] logits, int offset) {
        float[] l = Arrays.copyOfRange(logits, offset, offset + vocabSize);
        float rep = (float) params.repetitionPenalty();
        if (rep != 1f) {
            for (int id = seen.nextSetBit(0); id >= 0; id = seen.nextSetBit(id + 1)) {
                l[id] = l[id] > 0 ? l[id] / rep : l[id] * rep;
            }
        }
        if (params.presencePenalty() != 0 || params.frequencyPenalty() != 0) {
            for (int id = generated.nextSetBit(0); id >= 0; id = generated.nextSetBit(id + 1)) {
                l[id] -= (float) (params.presencePenalty() + params.frequencyPenalty() * outputCounts[id]);
            }
        }
        return l;
    }

    private double[] distribution(float[] l) {
        double t = params.temperature();
        float max = Float.NEGATIVE_INFINITY;
        for (float x : l) {
            max = Math.max(max, x);
        }
        if (params.topK() == 0 && params.topP() >= 1) {
            return unsorted(l, t, max);
        }
        double best = max / t;
        double[] e = new double[vocabSize]; // exp(l / t - best): the best token has 1
        double total = 0;
        for (int i = 0; i < vocabSize; i++) {
            e[i] = Math.exp(l[i] / t - best);
            total += e[i];
        }
        // Only tokens at or above a threshold need sorting: lower it until they hold the k best
        // (top-k) or a share p of the probability (top-p), which the nucleus then cannot pass.
        double threshold = 1;
        int topK = Math.min(params.topK(), vocabSize);
        while (threshold > 0) {
            int count = 0;
            double mass = 0;
            for (double x : e) {
                if (x >= threshold) {
                    count++;
                    mass += x;
                }
            }
            if (topK > 0 ? count >= topK : mass >= params.topP() * total) {
                break;
            }
            threshold = threshold < 1e-300 ? 0 : threshold / 16;
        }
        int count = 0;
        long[] order = new long[vocabSize]; // candidates: descending logit, then ascending id
        for (int i = 0; i < vocabSize; i++) {
            if (e[i] >= threshold) {
                int bits = Float.floatToIntBits(l[i] / (float) t);
                int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
                order[count++] = ((long) ~sortable << 32) | i;
            }
        }
        Arrays.sort(order, 0, count);
        int kept = count;
        double norm = total;
        if (topK > 0 && topK < count) {
            // Keep the k best and any token tied with the k-th (Hugging Face's TopKLogitsWarper).
            kept = topK;
            while (kept < count && (int) (order[kept] >> 32) == (int) (order[kept - 1] >> 32)) {
                kept++;
            }
        }
        if (topK > 0) {
            norm = 0;
            for (int j = 0; j < kept; j++) {
                norm += e[(int) order[j]];
            }
        }
        double[] probs = new double[kept]; // in sorted order
        for (int j = 0; j < kept; j++) {
            probs[j] = e[(int) order[j]] / norm;
        }
        if (params.topP() < 1) {
            // Nucleus: keep a token while the probability of the better ones is below p.
            double before = 0;
            int j = 0;
            while (j < kept && before < params.topP()) {
                before += probs[j];
                j++;
            }
            kept = Math.max(1, j);
        }
        if (params.minP() > 0) {
            double minimum = params.minP() * probs[0];
            int j = 1;
            while (j < kept && probs[j] >= minimum) {
                j++;
            }
            kept = j;
        }
        double keptMass = 0;
        for (int j = 0; j < kept; j++) {
            keptMass += probs[j];
        }
        double[] p = new double[vocabSize];
        for (int j = 0; j < kept; j++) {
            p[(int) order[j]] = probs[j] / keptMass;
        }
        return p;
    }

    /** Temperature and min-p only: no ordering needed. */
    private double[] unsorted(float[] l, double t, float max) {
        double[] p = new double[vocabSize];
        double sum = 0;
        for (int i = 0; i < vocabSize; i++) {
            p[i] = Math.exp(l[i] / t - max / t);
            sum += p[i];
        }
        double threshold = params.minP() / sum; // minP times the best probability, 1 / sum
        double total = 0;
        for (int i = 0; i < vocabSize; i++) {
            p[i] /= sum;
            if (p[i] < threshold) {
                p[i] = 0;
            }
            total += p[i];
        }
        for (int i = 0; i < vocabSize; i++) {
            p[i] /= total;
        }
        return p;
    }

    private int draw(double[] p) {
        double u = random.nextDouble();
        double c = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                c += p[i];
                last = i;
                if (u < c) {
                    return i;
                }
            }
        }
        return last; // rounding left u above the total
    }

    /** The greedy choice: the first index of the largest logit. */
    public static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }
}

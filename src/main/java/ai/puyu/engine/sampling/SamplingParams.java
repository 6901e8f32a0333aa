package ai.puyu.engine.sampling;

import java.util.List;

/**
 * How to choose the next token and when to stop.
 *
 * @param temperature       0 for greedy (argmax); otherwise logits are divided by it before sampling
 * @param topK              keep the k most likely tokens (0: off)
 * @param topP              keep the smallest set of most likely tokens whose probability reaches p (1: off)
 * @param minP              drop tokens whose probability is below minP times the best one's (0: off)
 * @param repetitionPenalty Hugging Face's: logits of tokens already in prompt or output are divided by it when
 *                          positive and multiplied by it when negative (1: off)
 * @param presencePenalty   OpenAI's: subtracted once from the logit of every token already generated (0: off)
 * @param frequencyPenalty  OpenAI's: subtracted per occurrence of a token in the generated text (0: off)
 * @param seed              seed of the random generator: the same seed gives the same tokens
 * @param maxNewTokens      the most tokens to generate
 * @param stopTokenIds      ids that end generation (not part of the text)
 * @param stopStrings       texts that end generation; the output is cut before the first one
 */
public record SamplingParams(double temperature, int topK, double topP, double minP, double repetitionPenalty,
                             double presencePenalty, double frequencyPenalty, long seed, int maxNewTokens,
                             int[] stopTokenIds, List<String> stopStrings) {

    public SamplingParams {
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, not " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be >= 0, not " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], not " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("min_p must be in [0, 1], not " + minP);
        }
        if (!(repetitionPenalty > 0)) {
            throw new IllegalArgumentException("repetition_penalty must be > 0, not " + repetitionPenalty);
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("max new tokens must be >= 0, not " + maxNewTokens);
        }
        stopTokenIds = stopTokenIds.clone();
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
    }

    /** Greedy decoding for up to maxNewTokens, stopping on the given ids. */
    public static SamplingParams greedy(int maxNewTokens, int... stopTokenIds) {
        return new SamplingParams(0, 0, 1, 0, 1, 0, 0, 0, maxNewTokens, stopTokenIds, List.of());
    }

    @Override
    public int[] stopTokenIds() {
        return stopTokenIds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamplingParams p && temperature == p.temperature && topK == p.topK && topP == p.topP
                && minP == p.minP && repetitionPenalty == p.repetitionPenalty && presencePenalty == p.presencePenalty
                && frequencyPenalty == p.frequencyPenalty && seed == p.seed && maxNewTokens == p.maxNewTokens
                && java.util.Arrays.equals(stopTokenIds, p.stopTokenIds) && stopStrings.equals(p.stopStrings);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(temperature, topK, topP, minP, repetitionPenalty, presencePenalty,
                frequencyPenalty, seed, maxNewTokens, java.util.Arrays.hashCode(stopTokenIds), stopStrings);
    }

    @Override
    public String toString() {
        return "SamplingParams[temperature=" + temperature + ", topK=" + topK + ", topP=" + topP + ", minP=" + minP
                + ", repetitionPenalty=" + repetitionPenalty + ", presencePenalty=" + presencePenalty
                + ", frequencyPenalty=" + frequencyPenalty + ", seed=" + seed + ", maxNewTokens=" + maxNewTokens
                + ", stopTokenIds=" + java.util.Arrays.toString(stopTokenIds) + ", stopStrings=" + stopStrings + "]";
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public boolean isStopToken(int id) {
        for (int s : stopTokenIds) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }

    public SamplingParams withTemperature(double t) {
        return new SamplingParams(t, topK, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty, seed,
                maxNewTokens, stopTokenIds, stopStrings);
    }

    public SamplingParams withTopK(int k) {
        return new SamplingParams(temperature, k, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty,
                seed, maxNewTokens, stopTokenIds, stopStrings);
    }

    public SamplingParams withTopP(double p) {
        return new SamplingParams(temperature, topK, p, minP, repetitionPenalty, presencePenalty, frequencyPenalty,
                seed, maxNewTokens, stopTokenIds, stopStrings);
    }

    public SamplingParams withMinP(double p) {
        return new SamplingParams(temperature, topK, topP, p, repetitionPenalty, presencePenalty, frequencyPenalty,
                seed, maxNewTokens, stopTokenIds, stopStrings);
    }

    public SamplingParams withPenalties(double repetition, double presence, double frequency) {
        return new SamplingParams(temperature, topK, topP, minP, repetition, presence, frequency, seed,
                maxNewTokens, stopTokenIds, stopStrings);
    }

    public SamplingParams withSeed(long s) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty,
                s, maxNewTokens, stopTokenIds, stopStrings);
    }

    public SamplingParams withMaxNewTokens(int n) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty,
                seed, n, stopTokenIds, stopStrings);
    }

    public SamplingParams withStopStrings(List<String> stops) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty,
                seed, maxNewTokens, stopTokenIds, stops);
    }

    public SamplingParams withStopTokenIds(int... ids) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty,
                seed, maxNewTokens, ids, stopStrings);
    }
}

package ai.puyu.cli;

import ai.puyu.engine.Engine;
import ai.puyu.engine.EngineConfig;
import ai.puyu.engine.cpu.CpuBackend;
import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.scheduler.GenerationHandle;
import ai.puyu.engine.scheduler.GenerationRequest;
import ai.puyu.engine.scheduler.GenerationResult;
import ai.puyu.engine.sampling.SamplingParams;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The serving scenarios of {@code puyu bench --scenario}: a multi-turn conversation (time to first token per
 * turn, with and without prefix reuse) and N concurrent streams (aggregate decode tokens/s), run through the
 * {@link Engine} as the service runs it.
 */
final class BenchScenarios {

    private BenchScenarios() {
    }

    /**
     * 10 turns, each adding {@code userTokens} random tokens to the whole history and generating {@code genTokens};
     * runs with reuse, then without (or only without when {@code noPrefixCache}).
     */
    static Map<String, Object> multiturn(LocalModel lm, int turns, int userTokens, int genTokens, boolean noPrefixCache,
                                         KvDType kvDtype, PrintWriter log) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", "multiturn");
        r.put("turns", turns);
        r.put("user_tokens_per_turn", userTokens);
        r.put("gen_tokens_per_turn", genTokens);
        r.put("kv_cache_dtype", kvDtype.label());
        warmUp(lm, kvDtype);
        // and two turns of another conversation of the same shape, unrecorded, so that turn 1 of the first measured
        // run does not pay for compiling the paths of longer prompts and contexts (it did: 1.35-1.5x the other run's)
        conversation(lm, true, 2, userTokens, genTokens, kvDtype, 8, new PrintWriter(java.io.Writer.nullWriter()));
        if (!noPrefixCache) {
            r.put("with_reuse", conversation(lm, true, turns, userTokens, genTokens, kvDtype, 7, log));
        }
        r.put("without_reuse", conversation(lm, false, turns, userTokens, genTokens, kvDtype, 7, log));
        return r;
    }

    private static List<Map<String, Object>> conversation(LocalModel lm, boolean reuse, int turns, int userTokens,
                                                          int genTokens, KvDType kvDtype, long seed, PrintWriter log)
            throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        int vocab = lm.model().config().vocabSize();
        try (Engine engine = start(lm, EngineConfig.defaults().withPrefixCaching(reuse).withMaxRunning(1)
                .withKvCacheDtype(kvDtype))) {
            int[] history = {1};
            for (int t = 1; t <= turns; t++) {
                history = concat(history, randomTokens(random, userTokens, vocab));
                GenerationResult res = run(engine, "turn" + t, history, genTokens);
                history = concat(history, res.tokens());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("turn", t);
                row.put("prompt_tokens", res.finished().usage().promptTokens());
                row.put("cached_tokens", res.finished().usage().cachedTokens());
                row.put("ttft_ms", round(res.finished().timings().timeToFirstTokenNanos() / 1e6));
                row.put("decode_tokens_per_second", round(res.finished().timings().decodeTokensPerSecond()));
                rows.add(row);
                log.printf(Locale.ROOT, "%s turn %2d: prompt %4d, cached %4d, TTFT %8.1f ms%n",
                        reuse ? "reuse   " : "no reuse", t, row.get("prompt_tokens"), row.get("cached_tokens"),
                        row.get("ttft_ms"));
            }
        }
        return rows;
    }

    /**
     * N streams at once, each from its own prompt, generating {@code genTokens}; aggregate decode tokens/s. The
     * client counts are run in turn, {@code rounds} times over (1, 8, 1, 8, ...), and each count reports the median
     * of its rounds: on a shared machine whose speed wanders from minute to minute, counts measured minutes apart
     * would compare the machine's moments rather than the engine. Each round also gives every count's throughput
     * against the first count's in that same round ({@code vs_first_by_round}).
     */
    static Map<String, Object> concurrent(LocalModel lm, List<Integer> clients, int promptTokens, int genTokens,
                                          int rounds, KvDType kvDtype, PrintWriter log) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", "concurrent");
        r.put("prompt_tokens", promptTokens);
        r.put("gen_tokens", genTokens);
        r.put("rounds", rounds);
        r.put("kv_cache_dtype", kvDtype.label());
        warmUp(lm, kvDtype);
        double[][] aggregate = new double[clients.size()][rounds];
        int[] decoded = new int[clients.size()];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < clients.size(); k++) {
                int n = clients.get(k);
                int[] result = new int[1];
                aggregate[k][round] = streams(lm, n, promptTokens, genTokens, kvDtype, result);
                decoded[k] = result[0];
                log.printf(Locale.ROOT, "round %d, clients %2d: aggregate decode %8.2f tok/s%n", round + 1, n,
                        aggregate[k][round]);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < clients.size(); k++) {
            double[] sorted = aggregate[k].clone();
            Arrays.sort(sorted);
            List<Double> byRound = new ArrayList<>();
            List<Double> vsFirst = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                byRound.add(round(aggregate[k][round]));
                vsFirst.add(aggregate[0][round] == 0 ? 0 : round(aggregate[k][round] / aggregate[0][round]));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("clients", clients.get(k));
            row.put("decoded_tokens", decoded[k]);
            row.put("aggregate_decode_tokens_per_second", round(sorted[rounds / 2]));
            row.put("by_round", byRound);
            row.put("vs_first_by_round", vsFirst);
            rows.add(row);
            log.printf(Locale.ROOT, "clients %2d: aggregate decode %8.2f tok/s (median of %d rounds), %s x clients %d by round%n",
                    clients.get(k), sorted[rounds / 2], rounds, vsFirst, clients.get(0));
        }
        r.put("results", rows);
        return r;
    }

    /** One run of n streams at once; returns the aggregate decode tokens/s and puts the decoded tokens in decoded[0]. */
    private static double streams(LocalModel lm, int n, int promptTokens, int genTokens, KvDType kvDtype, int[] decoded)
            throws Exception {
        int vocab = lm.model().config().vocabSize();
        try (Engine engine = start(lm, EngineConfig.defaults().withMaxRunning(Math.max(16, n))
                .withPrefixCaching(false).withKvCacheDtype(kvDtype))) {
            SplittableRandom random = new SplittableRandom(n);
            List<GenerationHandle> handles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int[] p = concat(new int[] {1}, randomTokens(random, promptTokens - 1, vocab));
                handles.add(engine.submit(new GenerationRequest("c" + i, p, SamplingParams.greedy(genTokens))));
            }
            long end = 0;
            long start = Long.MAX_VALUE;
            int tokens = 0;
            for (GenerationHandle h : handles) {
                GenerationResult res = h.result().get(30, TimeUnit.MINUTES);
                var t = res.finished().timings();
                tokens += t.decodeTokens();
                end = Math.max(end, t.timeToFirstTokenNanos() + t.decodeNanos());
                start = Math.min(start, t.timeToFirstTokenNanos());
            }
            decoded[0] = tokens;
            // all submitted at once: tokens after each first one, over the time from the first first token to the end
            return end <= start ? 0 : tokens / ((end - start) / 1e9);
        }
    }

    private static Engine start(LocalModel lm, EngineConfig config) {
        CpuBackend backend = new CpuBackend(lm.model());
        long kv = Math.min(Engine.defaultKvBytes(lm.model().config(), config, backend.freeMemoryForKvCache()), 4L << 30);
        return Engine.start(backend, config.withMaxContext(4096).withKvCacheBytes(kv), lm::newTextDecoder);
    }

    private static void warmUp(LocalModel lm, KvDType kvDtype) throws Exception {
        try (Engine engine = start(lm, EngineConfig.defaults().withKvCacheDtype(kvDtype))) {
            run(engine, "warm-up", new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 4);
        }
    }

    private static GenerationResult run(Engine engine, String id, int[] prompt, int gen) throws Exception {
        GenerationResult res = engine.submit(new GenerationRequest(id, prompt, SamplingParams.greedy(gen)))
                .result().get(30, TimeUnit.MINUTES);
        if (res.finished().error() != null) {
            throw new IllegalStateException(id + ": " + res.finished().error());
        }
        return res;
    }

    private static int[] randomTokens(SplittableRandom r, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(Math.min(1000, vocab / 2), vocab);
        }
        return ids;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}

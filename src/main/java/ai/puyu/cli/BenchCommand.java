package ai.puyu.cli;

import ai.puyu.engine.cpu.MemoryBandwidth;
import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.InternLM2Model;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.sampling.Sampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code puyu bench}: prefill and batch-1 decode speed after a warm-up, the weight bytes a decoded token
 * reads, this machine's memory read bandwidth, and decode speed as a fraction of the bandwidth limit.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prefill and decode speed against this machine's memory bandwidth.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory.")
    Path model;

    @Option(names = "--prompt-tokens", defaultValue = "128", description = "Prompt length (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "32", description = "Decode steps (default: ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--quant", defaultValue = "none", description = "none, q8 or q4 (default: ${DEFAULT-VALUE}).")
    String quant;

    @Option(names = "--threads", description = "Threads (default: all processors).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--scenario", description = "multiturn or concurrent: serving scenarios through the engine.")
    String scenario;

    @Option(names = "--clients", split = ",", description = "Concurrent streams (default: 1,2,4,8,16).")
    List<Integer> clients;

    @Option(names = "--rounds", defaultValue = "3", description = "concurrent: rounds over the client counts, medians "
            + "reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--no-prefix-cache", description = "multiturn: run only without prefix reuse.")
    boolean noPrefixCache;

    @Option(names = "--kv-dtype", defaultValue = "f32", description = "Scenarios: KV cache f32 or int8 (default: ${DEFAULT-VALUE}).")
    String kvDtype;

    /** Measured rounds of prefill + decode (after the warm-up). */
    private static final int ROUNDS = 3;

    @Override
    public Integer call() {
        if (promptTokens < 1 || genTokens < 1) {
            throw new IllegalArgumentException("--prompt-tokens and --gen-tokens must be at least 1");
        }
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (scenario != null) {
            return scenario(nThreads);
        }
        long t0 = System.nanoTime();
        try (LocalModel lm = LocalModel.open(model, quant, nThreads, LoadProgress.NONE)) {
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            InternLM2Model m = lm.model();
            int[] prompt = randomPrompt(m.config().vocabSize());
            try (KvCache cache = lm.newKvCache(promptTokens + genTokens + 1)) {
                // Warm-up until the hot loops are compiled: at least two full rounds, and 3 s in all.
                long warm = System.nanoTime();
                for (int round = 0; round < 2 || System.nanoTime() - warm < 3_000_000_000L; round++) {
                    run(m, cache, prompt, genTokens);
                }
                // Three measured rounds, each after a bandwidth probe: the machine's bandwidth moves with other
                // work, so the limit is measured next to the decode it judges; medians of both are reported.
                double[] prefill = new double[ROUNDS];
                double[] decode = new double[ROUNDS];
                double[] probes = new double[ROUNDS];
                for (int i = 0; i < ROUNDS; i++) {
                    probes[i] = MemoryBandwidth.measureReadGBps(nThreads, 1L << 30, 3) * 1e9;
                    double[] t = run(m, cache, prompt, genTokens);
                    prefill[i] = t[0];
                    decode[i] = t[1];
                }
                double[] timing = {MemoryBandwidth.median(prefill), MemoryBandwidth.median(decode)};
                double bandwidth = MemoryBandwidth.median(probes);
                long bytes = m.weightBytesPerToken();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", model.toString());
                r.put("weights", m.weightFormat());
                r.put("threads", lm.threads());
                r.put("load_seconds", round(loadSeconds));
                r.put("prompt_tokens", promptTokens);
                r.put("gen_tokens", genTokens);
                r.put("prefill_tokens_per_second", round(promptTokens / timing[0]));
                r.put("decode_tokens_per_second", round(genTokens / timing[1]));
                r.put("weight_bytes_per_token", bytes);
                r.put("bandwidth_gb_per_second", round(bandwidth / 1e9));
                r.put("decode_limit_tokens_per_second", round(bandwidth / bytes));
                r.put("decode_fraction_of_limit", round(genTokens / timing[1] / (bandwidth / bytes)));
                print(r);
            }
        }
        return 0;
    }

    private int scenario(int nThreads) {
        if (!scenario.equals("multiturn") && !scenario.equals("concurrent")) {
            throw new IllegalArgumentException("unknown scenario '" + scenario + "' (expected multiturn or concurrent)");
        }
        KvDType kv = KvDType.parse(kvDtype);
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (LocalModel lm = LocalModel.open(model, quant, nThreads, LoadProgress.NONE)) {
            Map<String, Object> r = scenario.equals("multiturn")
                    ? BenchScenarios.multiturn(lm, 10, 40, genTokens, noPrefixCache, kv, err)
                    : BenchScenarios.concurrent(lm, clients != null ? clients : List.of(1, 2, 4, 8, 16), promptTokens,
                    genTokens, rounds, kv, err);
            r.put("model", model.toString());
            r.put("weights", lm.model().weightFormat());
            r.put("threads", lm.threads());
            // the per-turn / per-round lines went to stderr; stdout gets the JSON, with or without --json
            spec.commandLine().getOut().println(JsonMapper.builder().build().writeValueAsString(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("scenario " + scenario + " failed: " + e.getMessage());
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage());
        }
        return 0;
    }

    /** Prefills the prompt on a fresh sequence, then decodes greedily; returns {prefill s, decode s}. */
    private static double[] run(InternLM2Model m, KvCache cache, int[] prompt, int steps) {
        BlockTable table = cache.newSequence();
        try {
            long a = System.nanoTime();
            float[] logits = m.forward(List.of(InternLM2Chunk.of(table, prompt)))[0];
            long b = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                logits = m.forward(List.of(InternLM2Chunk.of(table, Sampler.argmax(logits))))[0];
            }
            long c = System.nanoTime();
            return new double[] {(b - a) / 1e9, (c - b) / 1e9};
        } finally {
            table.release();
        }
    }

    private int[] randomPrompt(int vocab) {
        SplittableRandom r = new SplittableRandom(42);
        int[] ids = new int[promptTokens];
        ids[0] = 1;
        for (int i = 1; i < ids.length; i++) {
            ids[i] = r.nextInt(Math.min(1000, vocab / 2), vocab);
        }
        return ids;
    }


    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private void print(Map<String, Object> r) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().build().writeValueAsString(r));
            return;
        }
        out.printf(Locale.ROOT, "%s: %s weights, %d threads (loaded in %.2f s)%n", r.get("model"), r.get("weights"),
                r.get("threads"), r.get("load_seconds"));
        out.printf(Locale.ROOT, "prefill  %d tokens: %.2f tok/s%n", promptTokens, r.get("prefill_tokens_per_second"));
        out.printf(Locale.ROOT, "decode   %d tokens: %.2f tok/s at batch 1%n", genTokens, r.get("decode_tokens_per_second"));
        out.printf(Locale.ROOT, "weights read per token: %.3f GB; read bandwidth %.1f GB/s -> limit %.2f tok/s%n",
                ((Long) r.get("weight_bytes_per_token")) / 1e9, r.get("bandwidth_gb_per_second"),
                r.get("decode_limit_tokens_per_second"));
        out.printf(Locale.ROOT, "decode at %.0f%% of the bandwidth limit%n", 100 * (double) r.get("decode_fraction_of_limit"));
    }
}

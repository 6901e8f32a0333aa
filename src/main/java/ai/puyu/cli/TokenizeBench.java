package ai.puyu.cli;

import ai.puyu.engine.tokenizer.Tokenizer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The {@code tokenize --bench} loop: encoding throughput in MB (10^6 UTF-8 bytes of input) per second. */
final class TokenizeBench {

    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = 5_000_000_000L;

    private TokenizeBench() {
    }

    static void run(Tokenizer tok, List<String> texts, boolean template, PrintWriter err) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("--bench needs at least one JSON string line on stdin");
        }
        long bytes = 0;
        for (String t : texts) {
            bytes += t.getBytes(StandardCharsets.UTF_8).length;
        }
        long sink = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < WARMUP_NANOS) {
            sink += encodeAll(tok, texts, template);
        }
        long rounds = 0;
        long tokens = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        start = System.nanoTime();
        long elapsed;
        do {
            tokens += encodeAll(tok, texts, template);
            rounds++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < MEASURE_NANOS);
        double seconds = elapsed / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double mbps = bytes * rounds / seconds / 1e6;
        err.printf("tokenize bench: %.2f MB/s, %.0f tokens/s (%d lines, %d bytes, %d rounds in %.2f s, one thread;"
                        + " %.2f MB per CPU-second of that thread)%n",
                mbps, tokens / seconds, texts.size(), bytes, rounds, seconds, bytes * rounds / cpuSeconds / 1e6);
        err.flush();
        if (sink == 42) {
            err.println(); // keeps the warm-up from being optimised away
        }
    }

    private static long encodeAll(Tokenizer tok, List<String> texts, boolean template) {
        long n = 0;
        for (String t : texts) {
            n += (template ? tok.encodeTemplate(t) : tok.encode(t)).length;
        }
        return n;
    }
}

package ai.puyu.engine.scheduler;

import ai.puyu.engine.generate.TextDecoder;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.sampling.Sampler;
import ai.puyu.engine.sampling.StopStrings;
import java.util.Arrays;

/**
 * The engine loop's state of one request: all its tokens (prompt, then generated; the last generated one is
 * not yet in the cache while decoding), its block table while admitted, its sampler and text decoder.
 */
final class Sequence {

    final GenerationRequest request;
    final GenerationHandle handle;
    final Sampler sampler;
    final StopStrings stops;
    final TextDecoder decoder;
    final int promptLength;
    final long submittedNanos;
    int[] tokens;       // [capacity] prompt then generated ids
    int length;         // tokens in use
    BlockTable table;   // null while waiting
    long order;         // admission number: larger is younger
    boolean everAdmitted;
    int cachedTokens;   // prompt tokens served from the prefix cache at first admission
    int generated;
    long admittedNanos;
    long firstTokenNanos;

    Sequence(GenerationRequest request, GenerationHandle handle, Sampler sampler, TextDecoder decoder, long now) {
        this.request = request;
        this.handle = handle;
        this.sampler = sampler;
        this.stops = new StopStrings(request.params().stopStrings());
        this.decoder = decoder;
        this.tokens = request.promptTokens();
        this.length = tokens.length;
        this.promptLength = length;
        this.submittedNanos = now;
    }

    /** Positions still to feed to the model (1 while decoding). */
    int pending() {
        return length - table.length();
    }

    void append(int token) {
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, Math.max(16, length * 2));
        }
        tokens[length++] = token;
    }

    Usage usage() {
        return new Usage(promptLength, cachedTokens, generated);
    }

    Timings timings(long now) {
        long queue = everAdmitted ? admittedNanos - submittedNanos : now - submittedNanos;
        long ttft = firstTokenNanos == 0 ? 0 : firstTokenNanos - submittedNanos;
        long decode = firstTokenNanos == 0 ? 0 : now - firstTokenNanos;
        return new Timings(queue, ttft, decode, Math.max(0, generated - 1));
    }
}

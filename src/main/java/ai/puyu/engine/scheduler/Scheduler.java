package ai.puyu.engine.scheduler;

import ai.puyu.engine.Backend;
import ai.puyu.engine.EngineConfig;
import ai.puyu.engine.generate.TextDecoder;
import ai.puyu.engine.kv.BlockPool;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvCacheFullException;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.sampling.Logprobs;
import ai.puyu.engine.sampling.Sampler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Continuous batching over one backend. {@link #submit} may be called from any thread; everything else runs on
 * the one engine thread, one {@link #step} at a time. A step: drops cancelled requests, admits waiting ones
 * first come first served (up to the running limit and the free KV blocks, taking cached prefix blocks by
 * reference and a finished sequence's kept partial last block when the prompt continues it), then runs ONE forward call holding every decoding sequence's next token plus up to
 * {@code prefillChunkTokens} prompt tokens of sequences still prefilling, samples, and streams the tokens.
 *
 * <p>KV exhaustion while running: the youngest sequence is preempted (its blocks stay cached, evictable) and goes
 * back to the head of the queue; it is recomputed later from its prompt and the tokens it
 * already generated, so its stream continues unchanged. A sequence that cannot fit even alone fails with an
 * error.
 */
public final class Scheduler {

    private final Backend backend;
    private final EngineConfig config;
    private final KvCache cache;
    private final BlockPool pool;
    private final Supplier<TextDecoder> decoders;
    private final int maxContext;
    private final LinkedBlockingQueue<Sequence> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger(); // in the inbox or waiting
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>(); // oldest admission first
    private final MetricsRecorder metrics = new MetricsRecorder();
    private volatile EngineMetrics snapshot;
    private long admissions;

    public Scheduler(Backend backend, EngineConfig config, KvCache cache, Supplier<TextDecoder> decoders) {
        this.backend = backend;
        this.config = config;
        this.cache = cache;
        this.pool = cache.pool();
        this.decoders = decoders;
        this.maxContext = config.maxContext() > 0 ? config.maxContext() : backend.config().maxPositionEmbeddings();
        publish();
    }

    /** Prompt plus reply positions allowed per sequence. */
    public int maxContext() {
        return maxContext;
    }

    /**
     * Queues a request (thread-safe).
     *
     * @param listener receives the events on the engine thread, or null to read them from the handle
     * @throws PromptTooLongException when the prompt leaves no room for a reply within the context limit
     * @throws QueueFullException     when {@code maxQueued} requests are already waiting
     */
    public GenerationHandle submit(GenerationRequest request, Consumer<TokenEvent> listener) {
        int promptLength = request.promptTokens().length;
        if (promptLength == 0) {
            throw new IllegalArgumentException("request " + request.requestId() + " has an empty prompt");
        }
        if (promptLength >= maxContext) {
            throw new PromptTooLongException(promptLength, maxContext);
        }
        int vocab = backend.config().vocabSize();
        for (int id : request.promptTokens()) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("request " + request.requestId() + ": token id " + id
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        if (queued.incrementAndGet() > config.maxQueued()) {
            int q = queued.decrementAndGet();
            throw new QueueFullException(q, retryAfterSeconds(q));
        }
        GenerationHandle handle = new GenerationHandle(request.requestId(), listener);
        Sampler sampler = new Sampler(request.params(), vocab, request.promptTokens());
        inbox.add(new Sequence(request, handle, sampler, decoders.get(), System.nanoTime()));
        return handle;
    }

    private int retryAfterSeconds(int queuedNow) {
        EngineMetrics m = snapshot;
        double perRequest = m.tpotP50Millis() > 0 ? (m.ttftP50Millis() + 64 * m.tpotP50Millis()) / 1000 : 5;
        double seconds = perRequest * Math.max(1, queuedNow) / config.maxRunning();
        return (int) Math.max(1, Math.min(120, Math.ceil(seconds)));
    }

    /** Whether a step would do anything. */
    public boolean hasWork() {
        return !running.isEmpty() || !waiting.isEmpty() || !inbox.isEmpty();
    }

    /** Waits (on the engine thread) until a request arrives or the timeout passes. */
    public void awaitWork(long timeout, TimeUnit unit) throws InterruptedException {
        Sequence s = inbox.poll(timeout, unit);
        if (s != null) {
            waiting.addLast(s);
        }
    }

    /** The latest snapshot (thread-safe). */
    public EngineMetrics metrics() {
        return snapshot;
    }

    /** One engine step. */
    public void step() {
        for (Sequence s; (s = inbox.poll()) != null; ) {
            waiting.addLast(s);
        }
        dropCancelled();
        admit();
        if (running.isEmpty()) {
            publish();
            return;
        }
        List<Sequence> batch = new ArrayList<>();
        List<int[]> chunks = new ArrayList<>();
        select(batch, chunks);
        if (!batch.isEmpty()) {
            run(batch, chunks);
        }
        publish();
    }

    /** Finishes every request with an error (engine shutdown or failure). */
    public void failAll(String message) {
        for (Sequence s; (s = inbox.poll()) != null; ) {
            waiting.addLast(s);
        }
        for (Sequence s : new ArrayList<>(running)) {
            finish(s, FinishReason.ERROR, message);
        }
        while (!waiting.isEmpty()) {
            finish(waiting.peekFirst(), FinishReason.ERROR, message);
        }
        publish();
    }

    private void dropCancelled() {
        for (Sequence s : new ArrayList<>(running)) {
            if (s.handle.isCancelRequested()) {
                finish(s, FinishReason.CANCELLED, null);
            }
        }
        for (Sequence s : new ArrayList<>(waiting)) {
            if (s.handle.isCancelRequested()) {
                finish(s, FinishReason.CANCELLED, null);
            }
        }
    }

    private void admit() {
        int bs = cache.blockSize();
        while (!waiting.isEmpty() && running.size() < config.maxRunning()) {
            Sequence s = waiting.peekFirst();
            if (s.request.params().maxNewTokens() == 0) {
                finish(s, FinishReason.LENGTH, null);
                continue;
            }
            BlockTable t = cache.newSequence();
            // keep at least the last token to compute: its logits choose the next token
            int cached = config.prefixCaching() ? t.attachCached(s.tokens, s.length - 1) : 0;
            int need = (s.length + bs - 1) / bs - t.blockCount();
            if (pool.availableBlocks() < need + running.size()) {
                int attached = t.blockCount();
                t.release();
                if (running.isEmpty()) {
                    finish(s, FinishReason.ERROR, "KV cache exhausted: the sequence needs "
                            + ((s.length + bs - 1) / bs) + " blocks of " + bs + " positions but the cache holds "
                            + (pool.availableBlocks() + attached) + " free of " + pool.capacity());
                    continue;
                }
                return;
            }
            waiting.pollFirst();
            queued.decrementAndGet();
            s.table = t;
            s.order = admissions++;
            if (!s.everAdmitted) {
                s.everAdmitted = true;
                s.admittedNanos = System.nanoTime();
                s.cachedTokens = cached;
                metrics.promptTokens += s.promptLength;
                metrics.cachedPromptTokens += cached;
            }
            running.add(s);
        }
    }

    /**
     * Chooses this step's tokens, oldest sequence first, and reserves their KV blocks. When blocks run out the
     * youngest running sequence is preempted (it is never already in the batch: older ones come first).
     */
    private void select(List<Sequence> batch, List<int[]> chunks) {
        int budget = config.prefillChunkTokens();
        for (Sequence s : new ArrayList<>(running)) {
            if (s.table == null) {
                continue; // preempted while reserving for an older one
            }
            int pending = s.pending();
            int take = pending == 1 ? 1 : Math.min(pending, budget);
            if (take == 0 || !reserve(s, take)) {
                continue;
            }
            batch.add(s);
            chunks.add(Arrays.copyOfRange(s.tokens, s.table.length(), s.table.length() + take));
            if (pending > 1) {
                budget -= take;
            }
        }
    }

    private boolean reserve(Sequence s, int take) {
        while (true) {
            try {
                s.table.ensureCapacity(s.table.length() + take);
                return true;
            } catch (KvCacheFullException e) {
                Sequence victim = youngest();
                if (victim == s && running.size() == 1) {
                    finish(s, FinishReason.ERROR, "KV cache exhausted: a sequence of " + (s.table.length() + take)
                            + " positions does not fit the " + pool.capacity() + " blocks of "
                            + cache.blockSize() + " positions");
                    return false;
                }
                preempt(victim);
                if (victim == s) {
                    return false;
                }
            }
        }
    }

    private Sequence youngest() {
        Sequence y = running.getFirst();
        for (Sequence s : running) {
            if (s.order > y.order) {
                y = s;
            }
        }
        return y;
    }

    private void preempt(Sequence s) {
        releaseBlocks(s);
        running.remove(s);
        waiting.addFirst(s);
        queued.incrementAndGet();
        metrics.preemptions++;
    }

    private void run(List<Sequence> batch, List<int[]> chunks) {
        List<InternLM2Chunk> forward = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            boolean last = chunks.get(i).length == s.pending();
            forward.add(new InternLM2Chunk(s.table, chunks.get(i),
                    last ? InternLM2Chunk.Logits.LAST : InternLM2Chunk.Logits.NONE));
        }
        float[][] logits;
        try {
            logits = backend.forward(forward);
        } catch (RuntimeException e) {
            String message = "forward pass failed: " + e.getMessage();
            for (Sequence s : batch) {
                finish(s, FinishReason.ERROR, message);
            }
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            int fed = chunks.get(i).length;
            if (s.generated == 0 || fed > 1) {
                metrics.tokensPrefilled += fed;
            }
            if (config.prefixCaching()) {
                s.table.indexFullBlocks(s.tokens);
            }
            if (logits[i].length == 0) {
                continue;
            }
            sample(s, logits[i], now);
        }
    }

    private void sample(Sequence s, float[] logits, long now) {
        int token = s.sampler.sample(logits, 0);
        if (s.firstTokenNanos == 0) {
            s.firstTokenNanos = now;
        }
        if (s.request.params().isStopToken(token)) {
            finish(s, FinishReason.STOP, null);
            return;
        }
        s.append(token);
        s.generated++;
        metrics.tokensDecoded++;
        String delta = s.stops.push(s.decoder.push(token));
        // the raw distribution (logits as the model gave them; the sampler worked on a copy)
        Logprobs lp = s.request.wantsLogprobs()
                ? Logprobs.compute(logits, 0, backend.config().vocabSize(), token, s.request.topLogprobs()) : null;
        s.handle.deliver(new TokenEvent.Token(token, delta, lp));
        if (s.stops.stopped()) {
            finish(s, FinishReason.STOP, null);
        } else if (s.generated >= s.request.params().maxNewTokens() || s.length >= maxContext) {
            finish(s, FinishReason.LENGTH, null);
        }
    }

    private void finish(Sequence s, FinishReason reason, String error) {
        releaseBlocks(s);
        if (!running.remove(s) && waiting.remove(s)) {
            queued.decrementAndGet();
        }
        String tail = "";
        if (reason == FinishReason.STOP || reason == FinishReason.LENGTH) {
            tail = s.stops.stopped() ? "" : s.stops.push(s.decoder.flush()) + s.stops.flush();
        }
        long now = System.nanoTime();
        Timings t = s.timings(now);
        metrics.finished(t);
        s.handle.deliver(new TokenEvent.Finished(reason, tail, error, s.usage(), t));
    }

    private void releaseBlocks(Sequence s) {
        if (s.table != null) {
            if (config.prefixCaching()) {
                s.table.indexFullBlocks(s.tokens);
                s.table.keepTail(s.tokens);
            }
            s.table.release();
            s.table = null;
        }
    }

    private void publish() {
        snapshot = metrics.snapshot(running.size(), queued.get(), pool);
    }
}

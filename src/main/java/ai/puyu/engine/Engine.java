package ai.puyu.engine;

import ai.puyu.engine.generate.TextDecoder;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.scheduler.EngineMetrics;
import ai.puyu.engine.scheduler.GenerationHandle;
import ai.puyu.engine.scheduler.GenerationRequest;
import ai.puyu.engine.scheduler.Scheduler;
import ai.puyu.engine.scheduler.TokenEvent;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The serving engine: one thread owns the backend and runs the {@link Scheduler} loop (continuous batching,
 * prefix reuse, chunked prefill, cancellation); any thread may {@link #submit} requests and read
 * {@link #metrics}. Plain Java: the service adapts the event stream to its reactive types.
 */
public final class Engine implements AutoCloseable {

    private final Backend backend;
    private final EngineConfig config;
    private final KvCache cache;
    private final Scheduler scheduler;
    private final Thread thread;
    private volatile boolean closed;

    private Engine(Backend backend, EngineConfig config, Supplier<TextDecoder> decoders) {
        this.backend = backend;
        this.config = config;
        long budget = config.kvCacheBytes() > 0 ? config.kvCacheBytes() : defaultKvBytes(backend.config(), config, backend.freeMemoryForKvCache());
        this.cache = backend.newKvCache(budget, config.blockSize(), config.kvCacheDtype());
        this.scheduler = new Scheduler(backend, config, cache, decoders);
        this.thread = Thread.ofPlatform().name("puyu-engine").daemon(true).unstarted(this::loop);
    }

    /** Starts the engine thread. {@code decoders} gives each request its incremental text decoder. */
    public static Engine start(Backend backend, EngineConfig config, Supplier<TextDecoder> decoders) {
        Engine e = new Engine(backend, config, decoders);
        e.thread.start();
        return e;
    }

    /**
     * A KV budget when none is configured: room for maxRunning sequences of the full context, but at most a
     * quarter of {@code free}, the memory the backend has free for it (and at least 64 blocks).
     */
    public static long defaultKvBytes(ModelConfig model, EngineConfig config, long free) {
        long perPosition = KvCache.bytesPerBlock(model.numLayers(), model.numKvHeads(), model.headDim(), 1,
                config.kvCacheDtype());
        int context = config.maxContext() > 0 ? config.maxContext() : model.maxPositionEmbeddings();
        long wanted = perPosition * context * config.maxRunning();
        long floor = perPosition * config.blockSize() * 64;
        return Math.max(floor, Math.min(wanted, free / 4));
    }

    /** Queues a request; read its events from the handle. See {@link Scheduler#submit} for refusals. */
    public GenerationHandle submit(GenerationRequest request) {
        return submit(request, null);
    }

    /** Queues a request; its events go to {@code listener} on the engine thread (which must not block). */
    public GenerationHandle submit(GenerationRequest request, Consumer<TokenEvent> listener) {
        if (closed) {
            throw new IllegalStateException("the engine is shut down");
        }
        return scheduler.submit(request, listener);
    }

    public EngineMetrics metrics() {
        return scheduler.metrics();
    }

    public EngineConfig config() {
        return config;
    }

    /** Prompt plus reply positions allowed per sequence. */
    public int maxContext() {
        return scheduler.maxContext();
    }

    public String backendName() {
        return backend.name();
    }

    /** Bytes of the KV cache. */
    public long kvCacheBytes() {
        return cache.byteSize();
    }

    private void loop() {
        while (!closed) {
            try {
                if (scheduler.hasWork()) {
                    scheduler.step();
                } else {
                    scheduler.awaitWork(50, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                scheduler.failAll("engine failure: " + e);
            }
        }
        scheduler.failAll("the engine is shut down");
    }

    /** Stops the loop (pending requests finish with an error) and frees the KV cache. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cache.close();
        backend.close();
    }
}

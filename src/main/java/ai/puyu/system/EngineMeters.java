package ai.puyu.system;

import ai.puyu.engine.Engine;
import ai.puyu.engine.scheduler.EngineMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * The serving engine's metrics as Micrometer meters (scraped at {@code /actuator/prometheus}), named as vLLM
 * users look for them: requests running and waiting, KV blocks by state, prefix-cache hit rate, token
 * counters, time to first token and time per output token percentiles. Each read takes the engine's latest
 * snapshot (a volatile field), so scraping never touches the engine loop. The server's only: a command line tool's
 * context ({@code api-key}, non-web and lazy) must not load the model, which this bean, created eagerly as a
 * {@link SmartInitializingSingleton}, would.
 */
@Component
@ConditionalOnWebApplication
class EngineMeters implements SmartInitializingSingleton {

    private final Engine engine;
    private final MeterRegistry registry;

    EngineMeters(Engine engine, MeterRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        gauge("puyu.engine.requests.running", "Sequences in the running batch", null, null, EngineMetrics::running);
        gauge("puyu.engine.requests.waiting", "Requests waiting for admission", null, null, EngineMetrics::waiting);
        gauge("puyu.engine.kv.blocks", "KV cache blocks by state", "state", "used", EngineMetrics::kvBlocksUsed);
        gauge("puyu.engine.kv.blocks", "KV cache blocks by state", "state", "cached", EngineMetrics::kvBlocksCached);
        gauge("puyu.engine.kv.blocks", "KV cache blocks by state", "state", "free", EngineMetrics::kvBlocksFree);
        gauge("puyu.engine.prefix.cache.hit.rate", "Prompt tokens served from the prefix cache / prompt tokens",
                null, null, EngineMetrics::prefixHitRate);
        gauge("puyu.engine.time.to.first.token.ms", "Time to first token over recent requests", "quantile", "0.5",
                EngineMetrics::ttftP50Millis);
        gauge("puyu.engine.time.to.first.token.ms", "Time to first token over recent requests", "quantile", "0.95",
                EngineMetrics::ttftP95Millis);
        gauge("puyu.engine.time.per.output.token.ms", "Time per output token over recent requests", "quantile", "0.5",
                EngineMetrics::tpotP50Millis);
        gauge("puyu.engine.time.per.output.token.ms", "Time per output token over recent requests", "quantile", "0.95",
                EngineMetrics::tpotP95Millis);
        counter("puyu.engine.prompt.tokens", "Prompt tokens of admitted requests", EngineMetrics::promptTokens);
        counter("puyu.engine.prompt.tokens.cached", "Prompt tokens served from the prefix cache",
                EngineMetrics::cachedPromptTokens);
        counter("puyu.engine.tokens.prefilled", "Positions computed for prompts", EngineMetrics::tokensPrefilled);
        counter("puyu.engine.tokens.decoded", "Tokens generated", EngineMetrics::tokensDecoded);
        counter("puyu.engine.requests.finished", "Finished requests", EngineMetrics::requestsFinished);
        counter("puyu.engine.preemptions", "Sequences preempted for lack of KV blocks", EngineMetrics::preemptions);
        counter("puyu.engine.kv.evictions", "Cached KV blocks evicted", EngineMetrics::evictions);
    }

    private void gauge(String name, String help, String tag, String value, ToDoubleFunction<EngineMetrics> read) {
        Gauge.Builder<Engine> b = Gauge.builder(name, engine, e -> read.applyAsDouble(e.metrics())).description(help);
        if (tag != null) {
            b.tag(tag, value);
        }
        b.register(registry);
    }

    private void counter(String name, String help, ToDoubleFunction<EngineMetrics> read) {
        FunctionCounter.builder(name, engine, e -> read.applyAsDouble(e.metrics())).description(help).register(registry);
    }
}

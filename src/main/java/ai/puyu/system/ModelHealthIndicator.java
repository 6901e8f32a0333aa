package ai.puyu.system;

import ai.puyu.engine.Engine;
import ai.puyu.engine.scheduler.EngineMetrics;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** The {@code model} entry of {@code /actuator/health}: which checkpoint is loaded, how big, on which backend, and the engine's load. */
@Component
class ModelHealthIndicator extends AbstractHealthIndicator {

    private final ObjectProvider<LoadedModel> models;
    private final ObjectProvider<Engine> engines;

    /** Providers, so that a context that never asks for health (the api-key command) never loads the model. */
    ModelHealthIndicator(ObjectProvider<LoadedModel> models, ObjectProvider<Engine> engines) {
        this.models = models;
        this.engines = engines;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        LoadedModel model = models.getObject();
        Engine engine = engines.getObject();
        builder.up()
                .withDetail("name", model.name())
                .withDetail("path", model.path().toString())
                .withDetail("demo", model.demo())
                .withDetail("parameters", model.parameters())
                .withDetail("dtype", model.dtype().name())
                .withDetail("layers", model.config().numLayers())
                .withDetail("vocabSize", model.config().vocabSize())
                .withDetail("backend", engine.backendName());
        EngineMetrics m = engine.metrics();
        builder.withDetail("engine", Map.of(
                "running", m.running(),
                "waiting", m.waiting(),
                "maxContext", engine.maxContext(),
                "kvBlocksTotal", m.kvBlocksTotal(),
                "kvBlocksUsed", m.kvBlocksUsed(),
                "kvBlocksCached", m.kvBlocksCached(),
                "prefixHitRate", m.prefixHitRate(),
                "requestsFinished", m.requestsFinished()));
        if (model.demo()) {
            builder.withDetail("note", "demo model with random weights; to serve a real model: "
                    + LoadedModel.REAL_MODEL_HINT);
        }
    }
}

package ai.puyu.system;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** The {@code model} entry of {@code /actuator/health}: which checkpoint is loaded, how big, on which backend. */
@Component
class ModelHealthIndicator extends AbstractHealthIndicator {

    private final LoadedModel model;

    ModelHealthIndicator(LoadedModel model) {
        this.model = model;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up()
                .withDetail("name", model.name())
                .withDetail("path", model.path().toString())
                .withDetail("demo", model.demo())
                .withDetail("parameters", model.parameters())
                .withDetail("dtype", model.dtype().name())
                .withDetail("layers", model.config().numLayers())
                .withDetail("vocabSize", model.config().vocabSize())
                .withDetail("backend", model.backend());
        if (model.demo()) {
            builder.withDetail("note", "demo model with random weights; to serve a real model: "
                    + LoadedModel.REAL_MODEL_HINT);
        }
    }
}

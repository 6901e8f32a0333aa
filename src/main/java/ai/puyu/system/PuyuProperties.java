package ai.puyu.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Puyu's own settings ({@code puyu.*} in application.yml).
 *
 * @param modelPath a Hugging Face InternLM2 checkpoint directory ({@code PUYU_MODEL}); empty means the
 *                  generated tiny demo model under {@code data-dir/models/demo-tiny}
 * @param dataDir   where Puyu keeps its database and generated demo model ({@code PUYU_DATA})
 * @param engine    inference engine settings
 */
@Validated
@ConfigurationProperties("puyu")
public record PuyuProperties(String modelPath, @NotNull Path dataDir, @Valid @DefaultValue Engine engine) {

    /** True when a checkpoint directory was configured. */
    public boolean hasModelPath() {
        return modelPath != null && !modelPath.isBlank();
    }

    /**
     * Inference engine settings ({@code puyu.engine.*}).
     *
     * @param device where the forward pass runs: auto (a GPU when one is usable, else the CPU), cpu or cuda
     */
    public record Engine(@NotNull @DefaultValue("auto") Device device) {
    }

    /** Where the forward pass runs. */
    public enum Device {
        /** A GPU when one is usable, else the CPU. */
        AUTO,
        /** The Vector API CPU backend. */
        CPU,
        /** The JCuda backend. */
        CUDA
    }
}

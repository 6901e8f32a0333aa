package ai.puyu.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
     * @param device        where the forward pass runs: auto (a GPU when one is usable, else the CPU), cpu or cuda
     * @param threads       threads of the CPU forward pass; 0 means all available processors
     * @param quant         weights as stored ({@code none}) or quantized on load ({@code q8}, {@code q4})
     * @param maxRunning    sequences decoded together in one batch
     * @param maxQueued     requests waiting for a place in the batch; beyond it requests get 429
     * @param maxContext    prompt plus reply tokens per request; 0 means the model's max_position_embeddings
     * @param kvCacheMemory memory of the KV cache; empty means derived from the model and free memory
     * @param prefixCaching whether a request reuses the KV cache of an earlier request with the same prefix
     * @param kvCacheDtype  how the KV cache stores keys and values: {@code f32}, or {@code int8} (a quarter of the
     *                      memory, per-token and per-head scales; CPU backend only)
     */
    public record Engine(@NotNull @DefaultValue("auto") Device device,
                         @PositiveOrZero @DefaultValue("0") int threads,
                         @NotNull @Pattern(regexp = "none|q8|q4") @DefaultValue("none") String quant,
                         @Positive @DefaultValue("16") int maxRunning,
                         @PositiveOrZero @DefaultValue("64") int maxQueued,
                         @PositiveOrZero @DefaultValue("0") int maxContext,
                         DataSize kvCacheMemory,
                         @DefaultValue("true") boolean prefixCaching,
                         @NotNull @Pattern(regexp = "f32|int8") @DefaultValue("f32") String kvCacheDtype) {

        /** The forward pass threads: {@link #threads} or all available processors. */
        public int effectiveThreads() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
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

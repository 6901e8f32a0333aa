package ai.puyu.cli;

import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.tensor.DType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code puyu demo-model}: writes an InternLM2 checkpoint with deterministic random weights. */
@Command(name = "demo-model", mixinStandardHelpOptions = true,
        description = "Write an InternLM2 checkpoint (Hugging Face layout) with deterministic random weights.")
public final class DemoModelCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Directory to create (must not exist or be empty).")
    Path out;

    @Option(names = "--preset", defaultValue = "tiny", description = "Shape: tiny, 1_8b, 7b or 20b (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", defaultValue = "bf16", description = "Weight format: bf16, f16 or f32 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--tokenizer", description = "A SentencePiece tokenizer.model to copy instead of generating one.")
    Path tokenizer;

    @Override
    public Integer call() throws Exception {
        DType type = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "bf16" -> DType.BF16;
            case "f16" -> DType.F16;
            case "f32" -> DType.F32;
            default -> throw new IllegalArgumentException("unknown --dtype " + dtype + " (bf16, f16 or f32)");
        };
        LoadProgress progress = System.console() != null
                ? LoadProgress.terminal(System.err, "writing " + out.getFileName())
                : LoadProgress.NONE;
        long start = System.nanoTime();
        ModelConfig config = DemoCheckpoint.write(out, new DemoCheckpoint.Options(preset, seed, type, tokenizer), progress);
        System.out.printf(Locale.ROOT, "wrote demo model %s (preset %s, %,d parameters, %s, vocab %d) in %.1f s%n",
                out, preset, config.parameterCount(), type, config.vocabSize(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}

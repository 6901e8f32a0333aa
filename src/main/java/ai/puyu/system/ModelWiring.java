package ai.puyu.system;

import ai.puyu.engine.cuda.CudaDriver;
import ai.puyu.engine.cuda.CudaProbe;
import ai.puyu.engine.cuda.CudaUnavailableException;
import ai.puyu.engine.cuda.DeviceSelection;
import ai.puyu.engine.model.Checkpoint;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the configured checkpoint at startup (generating the tiny demo model when none is configured). */
@Configuration(proxyBeanMethods = false)
class ModelWiring {

    /** Directory name of the generated demo model under {@code data-dir/models}. */
    static final String DEMO_DIR = "demo-tiny";

    private static final Logger log = LoggerFactory.getLogger(ModelWiring.class);

    @Bean
    LoadedModel loadedModel(PuyuProperties properties, ObjectProvider<CudaProbe> cudaProbe) {
        Path dir = properties.hasModelPath() ? Path.of(properties.modelPath().trim()) : demoModel(properties.dataDir());
        log.info("Loading checkpoint {}", dir.toAbsolutePath().normalize());
        long start = System.nanoTime();
        Checkpoint checkpoint = Checkpoint.open(dir, LoadProgress.lines(log::info, "loading " + dir.getFileName()));
        String backend = backend(properties.engine(), cudaProbe.getIfAvailable(() -> CudaDriver.INSTANCE::probe));
        LoadedModel model = LoadedModel.of(checkpoint, backend);
        log.info(String.format(Locale.ROOT, "Loaded %s: %,d parameters, %s, %d layers, vocab %d, backend %s (%.1f s)",
                model.name(), model.parameters(), model.dtype(), model.config().numLayers(),
                model.config().vocabSize(), backend, (System.nanoTime() - start) / 1e9));
        if (model.demo()) {
            log.warn("{} is a demo model with random weights: its replies are gibberish. To serve a real model: {}",
                    model.name(), LoadedModel.REAL_MODEL_HINT);
        }
        return model;
    }

    /**
     * "cuda" or "cpu", from {@code puyu.engine.device} and what the probe finds (see {@link DeviceSelection}).
     * q4 weights run on the CPU only: with {@code auto} they choose it, with {@code cuda} it is an error.
     */
    static String backend(PuyuProperties.Engine engine, CudaProbe probe) {
        DeviceSelection selection = DeviceSelection.resolve(engine.device().name(), probe);
        if (selection.device() == DeviceSelection.Device.CUDA && engine.quant().equals("q4")) {
            if (engine.device() == PuyuProperties.Device.CUDA) {
                throw new CudaUnavailableException("puyu.engine.quant=q4 runs on the CPU only; use quant none or q8 on CUDA");
            }
            log.info("Backend cpu: puyu.engine.quant=q4 runs on the CPU only ({})", selection.reason());
            return "cpu";
        }
        if (selection.device() == DeviceSelection.Device.CUDA && !engine.kvCacheDtype().equals("f32")) {
            if (engine.device() == PuyuProperties.Device.CUDA) {
                throw new CudaUnavailableException("puyu.engine.kv-cache-dtype=" + engine.kvCacheDtype()
                        + " runs on the CPU only; use f32 on CUDA");
            }
            log.info("Backend cpu: puyu.engine.kv-cache-dtype={} runs on the CPU only ({})", engine.kvCacheDtype(),
                    selection.reason());
            return "cpu";
        }
        String backend = selection.device() == DeviceSelection.Device.CUDA ? "cuda" : "cpu";
        log.info("Backend {}: {}", backend, selection.reason());
        return backend;
    }

    /** The tiny demo model under {@code dataDir/models}, generated on first use. */
    static Path demoModel(Path dataDir) {
        Path dir = dataDir.resolve("models").resolve(DEMO_DIR);
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            return dir;
        }
        log.info("No model configured (PUYU_MODEL): generating the tiny demo model with random weights in {}", dir);
        try {
            DemoCheckpoint.write(dir, new DemoCheckpoint.Options("tiny", 42, DType.BF16, null), LoadProgress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo model to " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}

package ai.puyu.system;

import ai.puyu.chat.ChatTemplate;
import ai.puyu.engine.Backend;
import ai.puyu.engine.Engine;
import ai.puyu.engine.EngineConfig;
import ai.puyu.engine.cpu.CpuBackend;
import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.cuda.CudaBackend;
import ai.puyu.engine.generate.TextDecoder;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.InternLM2Model;
import ai.puyu.engine.tensor.WeightMatrices;
import ai.puyu.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the serving engine over the loaded checkpoint on the chosen backend (CPU or CUDA) and closes it on shutdown. */
@Configuration(proxyBeanMethods = false)
class EngineWiring {

    private static final Logger log = LoggerFactory.getLogger(EngineWiring.class);

    @Bean
    Tokenizer tokenizer(LoadedModel model) {
        try {
            return Tokenizer.load(model.checkpoint().tokenizerModel(), model.checkpoint().tokenizerConfig().orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(model.checkpoint().tokenizerModel() + ": " + e.getMessage(), e);
        }
    }

    @Bean(destroyMethod = "close")
    Matmul forwardPassThreads(PuyuProperties properties) {
        return new Matmul(properties.engine().effectiveThreads());
    }

    @Bean(destroyMethod = "close")
    Engine engine(LoadedModel model, Tokenizer tokenizer, Matmul matmul, PuyuProperties properties) {
        PuyuProperties.Engine p = properties.engine();
        Backend backend;
        String weights;
        if (model.backend().equals("cuda")) {
            String quantize = p.quant().equals("none") ? null : p.quant();
            CudaBackend cuda = CudaBackend.open(model.config(), model.checkpoint().weights(), 0, quantize);
            log.info("CUDA device {}", cuda.device());
            backend = cuda;
            weights = quantize == null ? model.dtype().name().toLowerCase(Locale.ROOT) : quantize;
        } else {
            InternLM2Model forward = new InternLM2Model(model.config(), model.checkpoint().weights(),
                    t -> WeightMatrices.quantize(t, p.quant()), VectorKernels.INSTANCE, matmul);
            backend = new CpuBackend(forward);
            weights = forward.weightFormat() + ", " + matmul.threads() + " threads";
        }
        EngineConfig config = engineConfig(p);
        Engine engine;
        try {
            engine = Engine.start(backend, config, () -> TextDecoder.of(tokenizer));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        log.info(String.format(Locale.ROOT,
                "Engine started: backend %s, weights %s, %d running / %d queued, context %d,"
                        + " KV cache %.1f MiB, prefix caching %s",
                engine.backendName(), weights, config.maxRunning(),
                config.maxQueued(), engine.maxContext(), engine.kvCacheBytes() / 1048576.0,
                config.prefixCaching() ? "on" : "off"));
        return engine;
    }

    @Bean
    ServingModel servingModel(LoadedModel model, Tokenizer tokenizer, Engine engine) {
        return new ServingModel(model.name(), engine.backendName(), tokenizer, new ChatTemplate(tokenizer),
                model.checkpoint().generation(), engine);
    }

    static EngineConfig engineConfig(PuyuProperties.Engine p) {
        EngineConfig config = EngineConfig.defaults()
                .withMaxRunning(p.maxRunning())
                .withMaxQueued(p.maxQueued())
                .withMaxContext(p.maxContext())
                .withPrefixCaching(p.prefixCaching())
                .withKvCacheDtype(KvDType.parse(p.kvCacheDtype()));
        if (p.kvCacheMemory() != null) {
            config = config.withKvCacheBytes(p.kvCacheMemory().toBytes());
        }
        return config;
    }
}

package ai.puyu.engine.generate;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.Checkpoint;
import ai.puyu.engine.model.GenerationConfig;
import ai.puyu.engine.model.InternLM2Model;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.tensor.WeightMatrices;
import ai.puyu.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A checkpoint opened for generation on this machine: memory-mapped weights (quantized on load when asked),
 * the CPU forward pass on a pool of threads, its tokenizer and its generation defaults.
 */
public final class LocalModel implements AutoCloseable {

    private final Checkpoint checkpoint;
    private final Matmul matmul;
    private final InternLM2Model model;
    private final Tokenizer tokenizer;
    private final String quant;

    private LocalModel(Checkpoint checkpoint, Matmul matmul, InternLM2Model model, Tokenizer tokenizer, String quant) {
        this.checkpoint = checkpoint;
        this.matmul = matmul;
        this.model = model;
        this.tokenizer = tokenizer;
        this.quant = quant;
    }

    /**
     * @param quant   "none" (weights as stored), "q8" or "q4"
     * @param threads threads of the forward pass (the caller included)
     */
    public static LocalModel open(Path dir, String quant, int threads, LoadProgress progress) {
        String q = quant == null ? "none" : quant;
        if (!q.equals("none") && !q.equals("q8") && !q.equals("q4")) {
            throw new IllegalArgumentException("unknown quantization '" + quant + "' (expected none, q8 or q4)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        Checkpoint ckpt = Checkpoint.open(dir, progress);
        Matmul matmul = null;
        try {
            Tokenizer tok = Tokenizer.load(ckpt.tokenizerModel(), ckpt.tokenizerConfig().orElse(null));
            if (tok.vocabSize() > ckpt.config().vocabSize()) {
                throw new IllegalArgumentException(ckpt.tokenizerModel() + ": " + tok.vocabSize()
                        + " pieces but the model's vocab_size is " + ckpt.config().vocabSize());
            }
            matmul = new Matmul(threads);
            InternLM2Model model = new InternLM2Model(ckpt.config(), ckpt.weights(),
                    t -> WeightMatrices.quantize(t, q), VectorKernels.INSTANCE, matmul);
            return new LocalModel(ckpt, matmul, model, tok, q);
        } catch (IOException e) {
            ckpt.close();
            throw new UncheckedIOException(ckpt.tokenizerModel() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (matmul != null) {
                matmul.close();
            }
            ckpt.close();
            throw e;
        }
    }

    public InternLM2Model model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public GenerationConfig generation() {
        return checkpoint.generation();
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public String quant() {
        return quant;
    }

    public int threads() {
        return matmul.threads();
    }

    /** A KV cache with room for this many positions. */
    public KvCache newKvCache(int positions) {
        var c = model.config();
        long perBlock = KvCache.bytesPerBlock(c.numLayers(), c.kvDim(), KvCache.DEFAULT_BLOCK_SIZE);
        long blocks = (positions + KvCache.DEFAULT_BLOCK_SIZE - 1) / KvCache.DEFAULT_BLOCK_SIZE + 1;
        return model.newKvCache(blocks * perBlock);
    }

    /** The tokenizer's incremental decoder, as the generator wants it. */
    public TextDecoder newTextDecoder() {
        return TextDecoder.of(tokenizer);
    }

    @Override
    public void close() {
        matmul.close();
        checkpoint.close();
    }
}

package ai.puyu.engine.cuda;

import ai.puyu.engine.Backend;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.model.ModelWeights;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcuda.driver.CUdeviceptr;

/**
 * The InternLM2 forward pass on a CUDA device, with the same contract as
 * {@link ai.puyu.engine.model.InternLM2Model#forward}: a batch of chunks (prefill chunks and decode tokens
 * mixed), their tokens stacked into one activation matrix, attention per sequence through its block table.
 * Weights are uploaded once; each CPU {@link KvCache} the chunks use gets a device twin with the same block ids
 * on first use. RoPE follows {@link ai.puyu.engine.cpu.RotaryEmbedding} (dynamic NTK evaluated per token).
 *
 * <p>A failing driver call throws {@link CudaException} out of {@link #forward}: the step (and the requests in
 * it) fail, the block tables keep their previous lengths, the process goes on. Not thread-safe: one engine
 * loop calls it.
 */
public final class CudaBackend implements Backend {

    private final ModelConfig config;
    private final CudaContext ctx;
    private final CudaKernels k;
    private final DeviceWeights weights;
    private final Map<KvCache, DeviceKvCache> caches = new IdentityHashMap<>();
    private final StepBuffers buf;
    private final int ropeMode;
    private boolean ownsContext;

    /**
     * @param quantize "q8" to quantize matrices to q8 on upload, or null to keep the checkpoint's format
     */
    public CudaBackend(ModelConfig config, ModelWeights weights, CudaContext ctx, String quantize) {
        this.config = config;
        this.ctx = ctx;
        ctx.makeCurrent();
        this.k = new CudaKernels(ctx);
        this.weights = new DeviceWeights(ctx, weights, quantize);
        this.buf = new StepBuffers(ctx, config);
        String type = config.ropeScalingType();
        this.ropeMode = type == null || type.isEmpty() ? 0 : type.equals("dynamic") ? 1 : type.equals("linear") ? 2 : -1;
        if (ropeMode < 0) {
            throw new IllegalArgumentException("rope_scaling type '" + type + "' is not supported (dynamic, linear)");
        }
    }

    /**
     * Opens device {@code ordinal} and uploads the weights; the backend owns the context and closes it.
     *
     * @param quantize "q8" to quantize matrices to q8 on upload, or null to keep the checkpoint's format
     */
    public static CudaBackend open(ModelConfig config, ModelWeights weights, int ordinal, String quantize) {
        CudaContext ctx = new CudaContext(ordinal);
        try {
            CudaBackend b = new CudaBackend(config, weights, ctx, quantize);
            b.ownsContext = true;
            return b;
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /**
     * A KV cache whose blocks live on the device: the CPU object keeps the block pool and tables (its host
     * memory is never allocated), its device twin of the same blocks is allocated now, so that a budget the
     * device cannot hold fails at startup rather than at the first request.
     */
    @Override
    public KvCache newKvCache(long budgetBytes, int blockSize) {
        KvCache cache = new KvCache(config.numLayers(), config.numKvHeads(), config.headDim(), blockSize, budgetBytes,
                KvDType.F32);
        ctx.makeCurrent();
        caches.computeIfAbsent(cache, c -> new DeviceKvCache(ctx, c));
        return cache;
    }

    /** Free device memory after the weights were uploaded. */
    @Override
    public long freeMemoryForKvCache() {
        return ctx.freeMemory();
    }

    public CudaDevice device() {
        return ctx.device();
    }

    /** Bytes of weights one decode step reads (all matrices but the embeddings). */
    public long weightBytesPerToken() {
        long sum = weights.output.bytes();
        for (DeviceWeights.Layer l : weights.layers) {
            sum += l.wqkv().bytes() + l.wo().bytes() + l.w1().bytes() + l.w3().bytes() + l.w2().bytes();
        }
        return sum;
    }

    /**
     * Runs one step; returns, per chunk, its logits // [chunk.logitRows(), V] row-major.
     *
     * @throws CudaException when a driver call fails (the tables are left as they were)
     */
    @Override
    public float[][] forward(List<InternLM2Chunk> batch) {
        if (batch.isEmpty()) {
            return new float[0][];
        }
        ctx.makeCurrent();
        KvCache cpuCache = batch.getFirst().table().cache();
        for (InternLM2Chunk c : batch) {
            if (c.table().cache() != cpuCache) {
                throw new IllegalArgumentException("all chunks of a step must use the same KV cache");
            }
        }
        DeviceKvCache kv = caches.computeIfAbsent(cpuCache, c -> new DeviceKvCache(ctx, c));
        StepPlan plan = StepPlan.of(batch, config.vocabSize());
        buf.prepare(plan);
        run(plan, kv);
        float[] all = new float[plan.logitRows * config.vocabSize()];
        if (plan.logitRows > 0) {
            ctx.download(all, buf.logits, all.length);
        } else {
            ctx.synchronize("running a forward step");
        }
        for (int s = 0; s < batch.size(); s++) {
            InternLM2Chunk c = batch.get(s);
            c.table().setLength(plan.starts[s] + c.tokens().length);
        }
        return plan.split(all, batch, config.vocabSize());
    }

    private void run(StepPlan p, DeviceKvCache kv) {
        ModelConfig c = config;
        int n = p.n;
        int h = c.hiddenSize();
        int qkvRows = c.qkvRows();
        int inter = c.intermediateSize();
        float eps = (float) c.rmsNormEps();
        int blockSize = p.blockSize;
        k.embed(buf.x, weights.embeddings, weights.embeddingFormat, buf.tokens, n, h);
        for (int l = 0; l < weights.layers.size(); l++) {
            DeviceWeights.Layer layer = weights.layers.get(l);
            k.rmsNorm(buf.xb, buf.x, layer.attentionNorm(), n, h, eps);
            k.matmul(layer.wqkv(), buf.xb, n, buf.qkv, qkvRows);
            k.rope(buf.qkv, buf.positions, n, c.numKvHeads(), c.groupSize(), c.headDim(), qkvRows, c.ropeTheta(),
                    c.maxPositionEmbeddings(), c.ropeScalingFactor(), ropeMode);
            k.kvStore(kv.keys(l), kv.values(l), buf.qkv, buf.slots, n, c.numKvHeads(), c.groupSize(), c.headDim(), qkvRows);
            k.attention(buf.att, buf.qkv, kv.keys(l), kv.values(l), buf.blockTables, buf.tableStart, buf.seqOfRow,
                    buf.positions, n, c.numHeads(), c.numKvHeads(), c.headDim(), qkvRows, blockSize);
            k.matmul(layer.wo(), buf.att, n, buf.proj, h);
            k.add(buf.x, buf.proj, (long) n * h);
            k.rmsNorm(buf.xb, buf.x, layer.ffnNorm(), n, h, eps);
            k.matmul(layer.w1(), buf.xb, n, buf.gate, inter);
            k.matmul(layer.w3(), buf.xb, n, buf.up, inter);
            k.siluMul(buf.gate, buf.up, (long) n * inter);
            k.matmul(layer.w2(), buf.gate, n, buf.proj, h);
            k.add(buf.x, buf.proj, (long) n * h);
        }
        if (p.logitRows > 0) {
            k.gatherRows(buf.xb, buf.x, buf.logitRowIndex, p.logitRows, h);
            k.rmsNorm(buf.proj, buf.xb, weights.norm, p.logitRows, h, eps);
            k.matmul(weights.output, buf.proj, p.logitRows, buf.logits, c.vocabSize());
        }
    }

    /** Greedy tokens on the device: the argmax of each logits row of the last step (no logits copied back). */
    public int[] argmaxOfLastLogits(int rows) {
        CUdeviceptr out = buf.ints(rows);
        k.argmax(out, buf.logits, rows, config.vocabSize());
        int[] r = new int[rows];
        ctx.download(r, out, rows);
        return r;
    }

    /** Frees the device twin of a CPU KV cache (call when the CPU cache is closed). */
    public void release(KvCache cache) {
        DeviceKvCache d = caches.remove(cache);
        if (d != null) {
            d.close();
        }
    }

    /** Frees the weights, the step buffers and every device KV cache, and the context if {@link #open} made it. */
    @Override
    public void close() {
        ctx.makeCurrent();
        for (DeviceKvCache d : caches.values()) {
            d.close();
        }
        caches.clear();
        buf.close();
        weights.close();
        if (ownsContext) {
            ctx.close();
        }
    }
}

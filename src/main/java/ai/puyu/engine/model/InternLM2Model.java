package ai.puyu.engine.model;

import ai.puyu.engine.cpu.Attention;
import ai.puyu.engine.cpu.CpuKernels;
import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.RotaryEmbedding;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.tensor.ScalarMatrix;
import ai.puyu.engine.tensor.Tensor;
import ai.puyu.engine.tensor.WeightMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The InternLM2 forward pass on the CPU, over a batch of sequences.
 *
 * <p>Each step takes a list of {@link InternLM2Chunk}s (one per sequence: many tokens when prefilling, one when
 * decoding). All their tokens are stacked into one activation matrix, so every weight matrix is multiplied once
 * per step for the whole batch; attention runs per sequence through its KV block table. Per layer:
 * RMSNorm, packed wqkv ([nKV][G+2][D] rows), rotate-half RoPE on q and k (see {@link RotaryEmbedding} for
 * the dynamic NTK variant), keys and values written to the cache, causal grouped-query attention, wo, residual;
 * RMSNorm, SwiGLU MLP w2(silu(w1 x) * w3 x), residual. Then the final norm and the output projection for the
 * positions whose logits were asked for.
 *
 * <p>Usage (what a scheduler does each step):
 * <pre>{@code
 * KvCache cache = model.newKvCache(budgetBytes);
 * BlockTable a = cache.newSequence(), b = cache.newSequence();
 * float[][] logits = model.forward(List.of(
 *         new InternLM2Chunk(a, promptChunk, Logits.NONE),   // a long prompt, prefilled in chunks
 *         InternLM2Chunk.of(b, lastTokenOfB)));             // b decodes one token: logits[1] is [V]
 * a.release();                                              // blocks back to the pool
 * }</pre>
 * A chunk's tokens go at positions {@code table.length()} onwards; {@code table.truncate(n)} rewinds a sequence
 * and {@code table.appendShared(block)} adopts a cached block, so prefix reuse needs no change here. Apart from
 * the weight products, every computation is per row, so a sequence's logits do not depend on what it is batched
 * with (bit for bit when the matrix kernels are batch-invariant too).
 *
 * <p>Not thread-safe: one engine loop owns a model and calls {@link #forward} from one thread at a time.
 */
public final class InternLM2Model {

    private final ModelConfig config;
    private final CpuKernels kernels;
    private final WeightMatrix embeddings;   // [V, H]
    private final List<Layer> layers;
    private final float[] finalNorm;        // [H]
    private final WeightMatrix output;       // [V, H]
    private final RotaryEmbedding rope;
    private final Attention attention;
    private final InternLM2State state;
    private final Matmul matmul;
    private float[][] scores;                // [threads][G * context] attention scratch
    private int maxContext;                  // longest sequence of the current step

    /** Attention steps with fewer multiply-adds than this stay on the calling thread. */
    private static final long INLINE_ATTENTION_MACS = 1L << 15;

    private record Layer(float[] attentionNorm, // [H]
                         WeightMatrix wqkv,     // [nKV*(G+2)*D, H]
                         WeightMatrix wo,       // [H, nH*D]
                         float[] ffnNorm,       // [H]
                         WeightMatrix w1,       // [I, H]
                         WeightMatrix w3,       // [I, H]
                         WeightMatrix w2) {     // [H, I]
    }

    /**
     * @param matrices turns a weight tensor into the matrix the forward pass multiplies with (the storage
     *                 format's kernel, possibly quantized on load)
     * @param kernels  the element-wise kernels (vector or scalar)
     * @param matmul   the thread pool that runs the matrix products and the attention heads
     */
    public InternLM2Model(ModelConfig config, ModelWeights weights, Function<Tensor, WeightMatrix> matrices,
                          CpuKernels kernels, Matmul matmul) {
        this.config = config;
        this.matmul = matmul;
        this.scores = new float[matmul.threads()][256];
        this.kernels = kernels;
        this.embeddings = new ScalarMatrix(weights.tokEmbeddings());
        List<Layer> ls = new ArrayList<>();
        for (LayerWeights lw : weights.layers()) {
            ls.add(new Layer(toFloats(lw.attentionNorm()), matrices.apply(lw.wqkv()), matrices.apply(lw.wo()),
                    toFloats(lw.ffnNorm()), matrices.apply(lw.w1()), matrices.apply(lw.w3()), matrices.apply(lw.w2())));
        }
        this.layers = List.copyOf(ls);
        this.finalNorm = toFloats(weights.norm());
        this.output = matrices.apply(weights.output());
        this.rope = new RotaryEmbedding(config.headDim(), config.ropeTheta(), config.maxPositionEmbeddings(),
                config.ropeScalingType(), config.ropeScalingFactor());
        this.attention = new Attention(kernels, config.numHeads(), config.numKvHeads(), config.headDim());
        this.state = new InternLM2State(config);
    }

    public ModelConfig config() {
        return config;
    }

    /** A KV cache shaped for this model, holding as many 16-position blocks as fit in the budget. */
    public KvCache newKvCache(long budgetBytes) {
        return newKvCache(budgetBytes, KvCache.DEFAULT_BLOCK_SIZE, KvDType.F32);
    }

    /** A KV cache for this model of blocks of {@code blockSize} positions, storing keys and values as {@code dtype}. */
    public KvCache newKvCache(long budgetBytes, int blockSize, KvDType dtype) {
        return new KvCache(config.numLayers(), config.numKvHeads(), config.headDim(), blockSize, budgetBytes, dtype);
    }

    /**
     * Bytes of weights one decode step reads: every matrix of every layer plus the output projection
     * (the single embedding row is negligible and not counted).
     */
    public long weightBytesPerToken() {
        long sum = output.byteSize();
        for (Layer l : layers) {
            sum += l.wqkv.byteSize() + l.wo.byteSize() + l.w1.byteSize() + l.w3.byteSize() + l.w2.byteSize();
        }
        return sum;
    }

    /** Storage format of the layer matrices ("bf16", "q8", ...). */
    public String weightFormat() {
        return layers.getFirst().wqkv.format();
    }

    /**
     * Runs one step for a batch of sequences: appends their tokens' keys and values to their caches and
     * returns, per chunk, its logits // [chunk.logitRows(), V] row-major (empty for {@code Logits.NONE}).
     *
     * @throws ai.puyu.engine.kv.KvCacheFullException when the cache has no room for the new positions
     */
    public float[][] forward(List<InternLM2Chunk> batch) {
        if (batch.isEmpty()) {
            return new float[0][];
        }
        int n = 0;
        for (InternLM2Chunk c : batch) {
            n += c.tokens().length;
            for (int token : c.tokens()) {
                if (token < 0 || token >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + token + " is outside the vocabulary [0, "
                            + config.vocabSize() + ")");
                }
            }
        }
        int[] starts = new int[batch.size()];
        for (int s = 0; s < batch.size(); s++) {
            InternLM2Chunk c = batch.get(s);
            starts[s] = c.table().length();
            c.table().ensureCapacity(starts[s] + c.tokens().length);
        }
        int h = config.hiddenSize();
        int half = config.headDim() / 2;
        InternLM2State st = state;
        st.ensure(n, batch.size());
        int row = 0;
        int maxLen = 0;
        for (int s = 0; s < batch.size(); s++) {
            int[] tokens = batch.get(s).tokens();
            st.firstRow[s] = row;
            for (int i = 0; i < tokens.length; i++, row++) {
                embeddings.row(tokens[i], st.x, row * h);
                rope.angles(starts[s] + i, st.cos, st.sin, row * half);
            }
            maxLen = Math.max(maxLen, starts[s] + tokens.length);
        }
        // attention's work items: up to Attention.TOKENS consecutive tokens of one chunk (see layer())
        int groups = 0;
        for (int s = 0; s < batch.size(); s++) {
            for (int i = 0; i < batch.get(s).tokens().length; i += Attention.TOKENS) {
                st.groupRow[groups++] = st.firstRow[s] + i;
            }
        }
        st.groups = groups;
        int scratch = attention.scratchSize(maxLen - 1, Attention.TOKENS);
        if (scores[0].length < scratch) {
            scores = new float[matmul.threads()][Math.max(scratch, scores[0].length * 2)];
        }
        maxContext = maxLen;
        for (int l = 0; l < layers.size(); l++) {
            layer(l, layers.get(l), batch, starts, n, st);
        }
        for (int s = 0; s < batch.size(); s++) {
            InternLM2Chunk c = batch.get(s);
            c.table().setLength(starts[s] + c.tokens().length);
        }
        return logits(batch, n, st);
    }

    private void layer(int index, Layer layer, List<InternLM2Chunk> batch, int[] starts, int n, InternLM2State st) {
        ModelConfig c = config;
        int h = c.hiddenSize();
        int d = c.headDim();
        int half = d / 2;
        int g = c.groupSize();
        int qkvRows = c.qkvRows();
        float eps = (float) c.rmsNormEps();
        for (int t = 0; t < n; t++) {
            kernels.rmsNorm(st.xb, t * h, st.x, t * h, layer.attentionNorm, h, eps);
        }
        matmul(layer.wqkv, st.xb, n, st.qkv);
        // RoPE on the query and key heads, then keys and values into the cache.
        int row = 0;
        for (int s = 0; s < batch.size(); s++) {
            InternLM2Chunk chunk = batch.get(s);
            for (int i = 0; i < chunk.tokens().length; i++, row++) {
                int base = row * qkvRows;
                for (int kv = 0; kv < c.numKvHeads(); kv++) {
                    int groupBase = base + kv * (g + 2) * d;
                    for (int slot = 0; slot <= g; slot++) { // G query heads and the key head
                        kernels.rope(st.qkv, groupBase + slot * d, st.cos, st.sin, row * half, half);
                    }
                }
            }
        }
        row = 0;
        int[] seqOfRow = st.seqOfRow;
        for (int s = 0; s < batch.size(); s++) {
            InternLM2Chunk chunk = batch.get(s);
            storeKv(chunk.table().cache(), index, chunk.table(), starts[s], chunk.tokens().length, row, st);
            for (int i = 0; i < chunk.tokens().length; i++, row++) {
                seqOfRow[row] = s;
            }
        }
        // Attention: one work item per (KV head, up to Attention.TOKENS consecutive tokens of one chunk), striped over
        // the threads, a KV head's items in a row (its keys and values stay in the thread's cache); each item writes
        // its own heads.
        int heads = c.numHeads();
        int kvHeads = c.numKvHeads();
        int[] groupRow = st.groupRow;
        int groupCount = st.groups;
        int items = groupCount * kvHeads;
        int threads = matmul.threads();
        int workers = Math.min(threads, items);
        if (maxContext * (long) n * kvHeads * d < INLINE_ATTENTION_MACS) {
            workers = 1; // too little work to hand to other threads
        }
        int stride = workers;
        matmul.pool().forEach(workers, w -> {
            float[] scratch = scores[w];
            for (int item = w; item < items; item += stride) {
                int r = groupRow[item % groupCount];
                int kvHead = item / groupCount;
                int s = seqOfRow[r];
                InternLM2Chunk chunk = batch.get(s);
                int offset = r - st.firstRow[s];
                int count = Math.min(Attention.TOKENS, chunk.tokens().length - offset);
                attention.attend(chunk.table().cache(), index, chunk.table(), starts[s] + offset, count, kvHead,
                        st.qkv, r * qkvRows, qkvRows, st.att, r * heads * d, heads * d, scratch);
            }
        });
        matmul(layer.wo, st.att, n, st.proj);
        kernels.add(st.x, st.proj, n * h);
        for (int t = 0; t < n; t++) {
            kernels.rmsNorm(st.xb, t * h, st.x, t * h, layer.ffnNorm, h, eps);
        }
        matmul(layer.w1, st.xb, n, st.gate);
        matmul(layer.w3, st.xb, n, st.up);
        kernels.siluMul(st.gate, st.up, n * c.intermediateSize());
        matmul(layer.w2, st.gate, n, st.proj);
        kernels.add(st.x, st.proj, n * h);
    }

    private void storeKv(KvCache cache, int layer, BlockTable table, int start, int count, int firstRow,
                         InternLM2State st) {
        ModelConfig c = config;
        int d = c.headDim();
        int g = c.groupSize();
        for (int i = 0; i < count; i++) {
            int base = (firstRow + i) * c.qkvRows();
            long slot = cache.slot(table, start + i);
            for (int kv = 0; kv < c.numKvHeads(); kv++) {
                int groupBase = base + kv * (g + 2) * d;
                cache.store(layer, slot, kv, st.qkv, groupBase + g * d, st.qkv, groupBase + (g + 1) * d, d);
            }
        }
    }

    private float[][] logits(List<InternLM2Chunk> batch, int n, InternLM2State st) {
        int h = config.hiddenSize();
        int v = config.vocabSize();
        int rows = 0;
        for (InternLM2Chunk c : batch) {
            rows += c.logitRows();
        }
        float[] normed = new float[rows * h];
        int out = 0;
        int row = 0;
        for (InternLM2Chunk c : batch) {
            int len = c.tokens().length;
            for (int i = len - c.logitRows(); i < len; i++, out++) {
                kernels.rmsNorm(normed, out * h, st.x, (row + i) * h, finalNorm, h, (float) config.rmsNormEps());
            }
            row += len;
        }
        float[] all = new float[rows * v];
        if (rows > 0) {
            matmul(output, normed, rows, all);
        }
        float[][] result = new float[batch.size()][];
        int r = 0;
        for (int s = 0; s < batch.size(); s++) {
            int count = batch.get(s).logitRows();
            result[s] = java.util.Arrays.copyOfRange(all, r * v, (r + count) * v);
            r += count;
        }
        return result;
    }

    private void matmul(WeightMatrix w, float[] x, int n, float[] out) {
        matmul.multiply(w, x, n, out);
    }

    private static float[] toFloats(Tensor t) {
        float[] f = new float[Math.toIntExact(t.elementCount())];
        for (int i = 0; i < f.length; i++) {
            f[i] = ScalarMatrix.get(t, i);
        }
        return f;
    }
}

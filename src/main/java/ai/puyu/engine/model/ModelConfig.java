package ai.puyu.engine.model;

/**
 * InternLM2 hyperparameters, as read from a checkpoint's {@code config.json}.
 *
 * @param hiddenSize            H, the width of the residual stream
 * @param numLayers             number of decoder layers
 * @param numHeads              nH, query heads
 * @param numKvHeads            nKV, key/value heads (grouped-query attention, G = nH / nKV)
 * @param intermediateSize      I, the MLP width
 * @param vocabSize             V, rows of the embedding and output matrices
 * @param ropeTheta             RoPE base
 * @param maxPositionEmbeddings context length the model was trained for (mpe)
 * @param rmsNormEps            epsilon inside RMSNorm
 * @param ropeScalingType       "dynamic", "linear" or null when absent
 * @param ropeScalingFactor     factor of the RoPE scaling (1.0 when absent)
 * @param bosTokenId            id of {@code <s>}
 * @param eosTokenId            id of {@code </s>}
 * @param padTokenId            id of the padding token
 */
public record ModelConfig(
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int intermediateSize,
        int vocabSize,
        double ropeTheta,
        int maxPositionEmbeddings,
        double rmsNormEps,
        String ropeScalingType,
        double ropeScalingFactor,
        int bosTokenId,
        int eosTokenId,
        int padTokenId) {

    public ModelConfig {
        if (hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0
                || intermediateSize <= 0 || vocabSize <= 0 || maxPositionEmbeddings <= 0) {
            throw new IllegalArgumentException("model dimensions must be positive");
        }
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException(
                    "num_attention_heads " + numHeads + " is not a multiple of num_key_value_heads " + numKvHeads);
        }
    }

    /** D, the width of one attention head. */
    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** G, query heads served by one key/value head. */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** Rows of the packed wqkv matrix: (nH + 2 nKV) D. */
    public int qkvRows() {
        return (numHeads + 2 * numKvHeads) * headDim();
    }

    /** Width of the key (or value) part of one token's KV cache entry: nKV D. */
    public int kvDim() {
        return numKvHeads * headDim();
    }

    /** Number of parameters the checkpoint holds. */
    public long parameterCount() {
        long h = hiddenSize;
        long perLayer = 2 * h + (long) qkvRows() * h + h * (long) numHeads * headDim() + 3L * intermediateSize * h;
        return 2L * vocabSize * h + numLayers * perLayer + h;
    }

    /** The shapes Puyu knows by name: the tiny test model and the real InternLM2 chat sizes. */
    public static ModelConfig preset(String name, int vocabSize) {
        return switch (name) {
            case "tiny" -> new ModelConfig(128, 2, 4, 2, 256, vocabSize, 1_000_000, 2048, 1e-5, "dynamic", 2.0, 1, 2, 2);
            case "1_8b" -> new ModelConfig(2048, 24, 16, 8, 8192, vocabSize, 1_000_000, 32768, 1e-5, "dynamic", 2.0, 1, 2, 2);
            case "7b" -> new ModelConfig(4096, 32, 32, 8, 14336, vocabSize, 1_000_000, 32768, 1e-5, "dynamic", 2.0, 1, 2, 2);
            case "20b" -> new ModelConfig(6144, 48, 48, 8, 16384, vocabSize, 1_000_000, 32768, 1e-5, "dynamic", 3.0, 1, 2, 2);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (known: tiny, 1_8b, 7b, 20b)");
        };
    }
}

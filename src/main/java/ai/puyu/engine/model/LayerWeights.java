package ai.puyu.engine.model;

import ai.puyu.engine.tensor.Tensor;

/**
 * The weights of one InternLM2 decoder layer, as stored in the checkpoint.
 *
 * @param attentionNorm RMSNorm before attention        // [H]
 * @param wqkv          packed q, k, v projections      // [nKV*(G+2)*D, H]
 * @param wo            attention output projection     // [H, nH*D]
 * @param ffnNorm       RMSNorm before the MLP          // [H]
 * @param w1            MLP gate projection             // [I, H]
 * @param w3            MLP up projection               // [I, H]
 * @param w2            MLP down projection             // [H, I]
 */
public record LayerWeights(Tensor attentionNorm, Tensor wqkv, Tensor wo, Tensor ffnNorm, Tensor w1, Tensor w3, Tensor w2) {
}

package ai.puyu.engine.model;

import ai.puyu.engine.tensor.Tensor;
import java.util.List;

/**
 * All weights of an InternLM2 model, checked against its {@link ModelConfig}.
 *
 * @param tokEmbeddings token embeddings       // [V, H]
 * @param layers        decoder layers          // numLayers of them
 * @param norm          final RMSNorm           // [H]
 * @param output        output projection       // [V, H] (not tied to the embeddings)
 */
public record ModelWeights(Tensor tokEmbeddings, List<LayerWeights> layers, Tensor norm, Tensor output) {
    public ModelWeights {
        layers = List.copyOf(layers);
    }
}

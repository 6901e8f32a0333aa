package ai.puyu.engine.cpu;

import ai.puyu.engine.Backend;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.InternLM2Model;
import ai.puyu.engine.model.ModelConfig;
import java.util.List;

/** The CPU backend: the Vector API forward pass of {@link InternLM2Model}, with an off-heap KV cache. */
public final class CpuBackend implements Backend {

    private final InternLM2Model model;

    public CpuBackend(InternLM2Model model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public ModelConfig config() {
        return model.config();
    }

    @Override
    public KvCache newKvCache(long budgetBytes, int blockSize) {
        return model.newKvCache(budgetBytes, blockSize, KvDType.F32);
    }

    @Override
    public KvCache newKvCache(long budgetBytes, int blockSize, KvDType dtype) {
        return model.newKvCache(budgetBytes, blockSize, dtype);
    }

    @Override
    public float[][] forward(List<InternLM2Chunk> batch) {
        return model.forward(batch);
    }

    /** The model this backend runs. */
    public InternLM2Model model() {
        return model;
    }
}

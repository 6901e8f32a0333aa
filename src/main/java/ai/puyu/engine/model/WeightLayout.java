package ai.puyu.engine.model;

import java.util.ArrayList;
import java.util.List;

/** The tensor names and shapes of an InternLM2 checkpoint, in Hugging Face order, for a given config. */
public final class WeightLayout {

    /**
     * One expected tensor.
     *
     * @param name  name in the checkpoint
     * @param shape exact shape, outermost first
     */
    public record Entry(String name, long[] shape) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** True for the RMSNorm weight vectors. */
        public boolean isNorm() {
            return name.endsWith("norm.weight");
        }
    }

    public static final String TOK_EMBEDDINGS = "model.tok_embeddings.weight";
    public static final String NORM = "model.norm.weight";
    public static final String OUTPUT = "output.weight";

    private WeightLayout() {
    }

    public static String attentionNorm(int layer) {
        return "model.layers." + layer + ".attention_norm.weight";
    }

    public static String wqkv(int layer) {
        return "model.layers." + layer + ".attention.wqkv.weight";
    }

    public static String wo(int layer) {
        return "model.layers." + layer + ".attention.wo.weight";
    }

    public static String ffnNorm(int layer) {
        return "model.layers." + layer + ".ffn_norm.weight";
    }

    public static String w1(int layer) {
        return "model.layers." + layer + ".feed_forward.w1.weight";
    }

    public static String w3(int layer) {
        return "model.layers." + layer + ".feed_forward.w3.weight";
    }

    public static String w2(int layer) {
        return "model.layers." + layer + ".feed_forward.w2.weight";
    }

    /** Every tensor the config calls for, embeddings first, then layer by layer, then norm and output. */
    public static List<Entry> entries(ModelConfig c) {
        long h = c.hiddenSize();
        long v = c.vocabSize();
        long i = c.intermediateSize();
        List<Entry> out = new ArrayList<>();
        out.add(new Entry(TOK_EMBEDDINGS, new long[] {v, h}));
        for (int l = 0; l < c.numLayers(); l++) {
            out.add(new Entry(attentionNorm(l), new long[] {h}));
            out.add(new Entry(wqkv(l), new long[] {c.qkvRows(), h}));
            out.add(new Entry(wo(l), new long[] {h, (long) c.numHeads() * c.headDim()}));
            out.add(new Entry(ffnNorm(l), new long[] {h}));
            out.add(new Entry(w1(l), new long[] {i, h}));
            out.add(new Entry(w3(l), new long[] {i, h}));
            out.add(new Entry(w2(l), new long[] {h, i}));
        }
        out.add(new Entry(NORM, new long[] {h}));
        out.add(new Entry(OUTPUT, new long[] {v, h}));
        return out;
    }
}

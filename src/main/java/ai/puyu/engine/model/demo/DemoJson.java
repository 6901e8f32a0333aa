package ai.puyu.engine.model.demo;

import ai.puyu.engine.model.CheckpointConfig;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.tensor.DType;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON files of a demo checkpoint, with the keys Hugging Face's InternLM2 files have. */
final class DemoJson {

    private static final JsonMapper JSON = JsonMapper.shared();

    private DemoJson() {
    }

    static String torchDtype(DType dtype) {
        return switch (dtype) {
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            case F32 -> "float32";
        };
    }

    static String config(ModelConfig c, DType dtype) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add(CheckpointConfig.ARCHITECTURE);
        n.put("attn_implementation", "eager");
        n.put("bias", false);
        n.put("bos_token_id", c.bosTokenId());
        n.put("eos_token_id", c.eosTokenId());
        n.put("hidden_act", "silu");
        n.put("hidden_size", c.hiddenSize());
        n.put("initializer_range", 0.02);
        n.put("intermediate_size", c.intermediateSize());
        n.put("max_position_embeddings", c.maxPositionEmbeddings());
        n.put("model_type", CheckpointConfig.MODEL_TYPE);
        n.put("num_attention_heads", c.numHeads());
        n.put("num_hidden_layers", c.numLayers());
        n.put("num_key_value_heads", c.numKvHeads());
        n.put("pad_token_id", c.padTokenId());
        n.put("rms_norm_eps", c.rmsNormEps());
        if (c.ropeScalingType() != null) {
            ObjectNode scaling = n.putObject("rope_scaling");
            scaling.put("type", c.ropeScalingType());
            scaling.put("factor", c.ropeScalingFactor());
        } else {
            n.putNull("rope_scaling");
        }
        n.put("rope_theta", c.ropeTheta());
        n.put("tie_word_embeddings", false);
        n.put("torch_dtype", torchDtype(dtype));
        n.put("transformers_version", "4.41.0");
        n.put("use_cache", true);
        n.put("vocab_size", c.vocabSize());
        n.put("puyu_demo", true);
        return pretty(n);
    }

    static String generationConfig(ModelConfig c, int imEndId) {
        ObjectNode n = JSON.createObjectNode();
        n.put("bos_token_id", c.bosTokenId());
        n.putArray("eos_token_id").add(c.eosTokenId()).add(imEndId);
        n.put("pad_token_id", c.padTokenId());
        n.put("transformers_version", "4.41.0");
        return pretty(n);
    }

    /** {@code tokenizer_config.json}: special tokens at ids {@code firstSpecial..firstSpecial+5}. */
    static String tokenizerConfig(int firstSpecial, int maxLength) {
        ObjectNode n = JSON.createObjectNode();
        n.put("add_bos_token", true);
        n.put("add_eos_token", false);
        ObjectNode decoder = n.putObject("added_tokens_decoder");
        addToken(decoder, 0, "<unk>");
        addToken(decoder, 1, "<s>");
        addToken(decoder, 2, "</s>");
        List<String> specials = DemoTokenizer.SPECIAL_TOKENS;
        for (int i = 0; i < specials.size(); i++) {
            addToken(decoder, firstSpecial + i, specials.get(i));
        }
        ArrayNode extra = n.putArray("additional_special_tokens");
        specials.forEach(extra::add);
        n.put("bos_token", "<s>");
        n.put("clean_up_tokenization_spaces", false);
        n.put("eos_token", "</s>");
        n.put("model_max_length", maxLength);
        n.put("pad_token", "</s>");
        n.put("tokenizer_class", "InternLM2Tokenizer");
        n.put("unk_token", "<unk>");
        return pretty(n);
    }

    private static void addToken(ObjectNode decoder, int id, String content) {
        ObjectNode t = decoder.putObject(Integer.toString(id));
        t.put("content", content);
        t.put("lstrip", false);
        t.put("normalized", false);
        t.put("rstrip", false);
        t.put("single_word", false);
        t.put("special", true);
    }

    static String specialTokensMap() {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode extra = n.putArray("additional_special_tokens");
        DemoTokenizer.SPECIAL_TOKENS.forEach(extra::add);
        n.put("bos_token", "<s>");
        n.put("eos_token", "</s>");
        n.put("pad_token", "</s>");
        n.put("unk_token", "<unk>");
        return pretty(n);
    }

    static String index(long totalSize, List<String> tensors, List<String> files) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("metadata").put("total_size", totalSize);
        ObjectNode map = n.putObject("weight_map");
        for (int i = 0; i < tensors.size(); i++) {
            map.put(tensors.get(i), files.get(i));
        }
        return pretty(n);
    }

    private static String pretty(ObjectNode n) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    }
}

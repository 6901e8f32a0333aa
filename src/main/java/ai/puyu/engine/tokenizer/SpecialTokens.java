package ai.puyu.engine.tokenizer;

import ai.puyu.engine.format.SentencePieceModelReader.PieceType;
import ai.puyu.engine.format.SentencePieceModelReader.SentencePieceModel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The added (special) tokens of a tokenizer: from {@code tokenizer_config.json}'s
 * {@code added_tokens_decoder} when given; otherwise InternLM2's six renamed ids (92538..92543) plus
 * {@code <s>} and {@code </s>} for a 92544-piece vocabulary, or, for other vocabularies, the pieces whose
 * text is one of those token strings.
 */
final class SpecialTokens {

    static final int INTERNLM2_VOCAB = 92544;
    static final String[] INTERNLM2_NAMES = {
            "<|plugin|>", "<|interpreter|>", "<|action_end|>", "<|action_start|>", "<|im_end|>", "<|im_start|>"};
    static final int INTERNLM2_FIRST_ID = 92538;

    final Map<String, Integer> idByText;   // every token recognised in template mode
    final Map<Integer, String> textById;
    final BitSet special;                  // ids that plain text must never produce
    final String bosText;
    final String eosText;

    private SpecialTokens(Map<String, Integer> idByText, BitSet special, String bosText, String eosText) {
        this.idByText = idByText;
        this.textById = new HashMap<>();
        idByText.forEach((t, id) -> textById.put(id, t));
        this.special = special;
        this.bosText = bosText;
        this.eosText = eosText;
    }

    static SpecialTokens resolve(SentencePieceModel model, String configJson, String configSource) {
        String bos = model.trainerSpec().bosPiece();
        String eos = model.trainerSpec().eosPiece();
        Map<String, Integer> byText = new LinkedHashMap<>();
        BitSet special = new BitSet();
        int vocab = model.pieces().size();
        if (configJson != null) {
            JsonNode root;
            try {
                root = JsonMapper.builder().build().readTree(configJson);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(configSource + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(configSource + ": expected a JSON object");
            }
            JsonNode added = root.get("added_tokens_decoder");
            if (added != null && added.isObject()) {
                for (var entry : added.properties()) {
                    int id;
                    try {
                        id = Integer.parseInt(entry.getKey());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(configSource + ": added_tokens_decoder key '" + entry.getKey()
                                + "' is not a token id");
                    }
                    JsonNode content = entry.getValue().get("content");
                    if (content == null || !content.isString() || content.asString().isEmpty()) {
                        throw new IllegalArgumentException(configSource + ": added token " + id + " has no content");
                    }
                    if (id < 0 || id >= vocab) {
                        throw new IllegalArgumentException(configSource + ": added token " + id + " ('"
                                + content.asString() + "') is outside the vocabulary of " + vocab + " pieces");
                    }
                    byText.put(content.asString(), id);
                    JsonNode sp = entry.getValue().get("special");
                    if (sp == null || sp.asBoolean()) {
                        special.set(id);
                    }
                }
            }
            bos = tokenText(root.get("bos_token"), bos);
            eos = tokenText(root.get("eos_token"), eos);
        } else if (vocab == INTERNLM2_VOCAB) {
            addIfPiece(model, byText, special, bos);
            addIfPiece(model, byText, special, eos);
            for (int i = 0; i < INTERNLM2_NAMES.length; i++) {
                byText.put(INTERNLM2_NAMES[i], INTERNLM2_FIRST_ID + i);
                special.set(INTERNLM2_FIRST_ID + i);
            }
        } else {
            addIfPiece(model, byText, special, bos);
            addIfPiece(model, byText, special, eos);
            for (String name : INTERNLM2_NAMES) {
                addIfPiece(model, byText, special, name);
            }
        }
        for (int i = 0; i < vocab; i++) {
            if (model.pieces().get(i).type() == PieceType.CONTROL) {
                special.set(i);
            }
        }
        return new SpecialTokens(byText, special, bos, eos);
    }

    private static String tokenText(JsonNode node, String fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isString()) {
            return node.asString();
        }
        JsonNode content = node.get("content");
        return content != null && content.isString() ? content.asString() : fallback;
    }

    private static void addIfPiece(SentencePieceModel model, Map<String, Integer> byText, BitSet special, String text) {
        List<ai.puyu.engine.format.SentencePieceModelReader.Piece> pieces = model.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i).piece().equals(text)) {
                byText.putIfAbsent(text, i);
                special.set(i);
                return;
            }
        }
    }

    /** Token texts sorted longest first, for template-mode matching. */
    List<String> textsLongestFirst() {
        List<String> texts = new ArrayList<>(idByText.keySet());
        texts.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return texts;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

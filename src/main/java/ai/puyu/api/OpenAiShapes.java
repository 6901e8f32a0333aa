package ai.puyu.api;

import ai.puyu.engine.scheduler.Usage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI's response objects, built as ordered maps so that each field is present exactly as OpenAI sends it. */
final class OpenAiShapes {

    private OpenAiShapes() {
    }

    static Map<String, Object> usage(Usage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", u.promptTokens());
        m.put("completion_tokens", u.completionTokens());
        m.put("total_tokens", u.promptTokens() + u.completionTokens());
        m.put("prompt_tokens_details", Map.of("cached_tokens", u.cachedTokens()));
        return m;
    }

    private static Map<String, Object> head(String id, String object, long created, String model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", object);
        m.put("created", created);
        m.put("model", model);
        return m;
    }

    /** A whole {@code chat.completion}; {@code logprobs} from {@link OpenAiLogprobs#chat}, or null. */
    static Map<String, Object> chatCompletion(String id, long created, String model, String content,
                                              String finishReason, Usage usage, Map<String, Object> logprobs) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", logprobs);
        choice.put("finish_reason", finishReason);
        Map<String, Object> m = head(id, "chat.completion", created, model);
        m.put("choices", List.of(choice));
        m.put("usage", usage(usage));
        return m;
    }

    /**
     * A {@code chat.completion.chunk} with one choice; {@code role} only in the first, {@code content} null in the
     * last (which carries the finish reason). With {@code includeUsage} every chunk has {@code usage: null}.
     * {@code logprobs} (from {@link OpenAiLogprobs#chat}, or null) are those of the tokens of this delta.
     */
    static Map<String, Object> chatChunk(String id, long created, String model, String role, String content,
                                         Map<String, Object> logprobs, String finishReason, boolean includeUsage) {
        Map<String, Object> delta = new LinkedHashMap<>();
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", logprobs);
        choice.put("finish_reason", finishReason);
        Map<String, Object> m = head(id, "chat.completion.chunk", created, model);
        m.put("choices", List.of(choice));
        if (includeUsage) {
            m.put("usage", null);
        }
        return m;
    }

    /** The last chunk when {@code stream_options.include_usage}: no choices, the usage. */
    static Map<String, Object> usageChunk(String id, String object, long created, String model, Usage usage) {
        Map<String, Object> m = head(id, object, created, model);
        m.put("choices", List.of());
        m.put("usage", usage(usage));
        return m;
    }

    /**
     * A {@code text_completion} (whole, or a streamed piece when usage is null); {@code logprobs} from
     * {@link OpenAiLogprobs#completion}, or null.
     */
    static Map<String, Object> textCompletion(String id, long created, String model, String text,
                                              Map<String, Object> logprobs, String finishReason, Usage usage,
                                              boolean includeUsageField) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("text", text);
        choice.put("index", 0);
        choice.put("logprobs", logprobs);
        choice.put("finish_reason", finishReason);
        Map<String, Object> m = head(id, "text_completion", created, model);
        m.put("choices", List.of(choice));
        if (usage != null) {
            m.put("usage", usage(usage));
        } else if (includeUsageField) {
            m.put("usage", null);
        }
        return m;
    }

    /** {@code GET /v1/models}: the loaded model. */
    static Map<String, Object> models(String model, long created) {
        return Map.of("object", "list", "data", List.of(model(model, created)));
    }

    static Map<String, Object> model(String model, long created) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", model);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "puyu");
        return m;
    }
}

package ai.puyu.api;

import ai.puyu.chat.ChatMessage;
import ai.puyu.chat.GenerationOptions;
import ai.puyu.conversation.Role;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads OpenAI request bodies field by field: unknown fields are ignored, wrong types and out-of-range values are
 * refused with an {@link ApiException} naming the field.
 */
final class OpenAiRequestParser {

    /** What a chat or completion request asks for besides its messages or prompt. */
    record Common(String model, GenerationOptions options, boolean stream, boolean includeUsage, String user) {
    }

    /** OpenAI's limit on chat's {@code top_logprobs}. */
    static final int MAX_TOP_LOGPROBS = 20;
    /** OpenAI's limit on the legacy completions' {@code logprobs}. */
    static final int MAX_COMPLETION_LOGPROBS = 5;

    private final ObjectMapper json;

    OpenAiRequestParser(ObjectMapper json) {
        this.json = json;
    }

    /** The body as a JSON object: strict UTF-8, then JSON syntax. */
    JsonNode body(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalid(null, "the request body is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            throw ApiException.invalid(null, "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
        return node;
    }

    /** The fields chat completions and completions share; {@code chat} selects how {@code logprobs} is read. */
    Common common(JsonNode body, boolean chat) {
        String model = string(body, "model");
        if (model == null) {
            throw ApiException.invalid("model", "model is required");
        }
        Integer n = integer(body, "n", 1, Integer.MAX_VALUE);
        if (n != null && n != 1) {
            throw ApiException.invalid("n", "n must be 1: this server returns one choice per request, not " + n);
        }
        Integer topLogprobs = chat ? chatLogprobs(body) : integer(body, "logprobs", 0, MAX_COMPLETION_LOGPROBS);
        Integer maxTokens = integer(body, "max_completion_tokens", Integer.MIN_VALUE, Integer.MAX_VALUE);
        String maxName = "max_completion_tokens";
        if (maxTokens == null) {
            maxTokens = integer(body, "max_tokens", Integer.MIN_VALUE, Integer.MAX_VALUE);
            maxName = "max_tokens";
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw ApiException.invalid(maxName, maxName + " must be at least 1, not " + maxTokens);
        }
        Double temperature = number(body, "temperature");
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw ApiException.invalid("temperature", "temperature must be between 0 and 2, not " + temperature);
        }
        Double topP = number(body, "top_p");
        if (topP != null && !(topP > 0 && topP <= 1)) {
            throw ApiException.invalid("top_p", "top_p must be in (0, 1], not " + topP);
        }
        Integer topK = integer(body, "top_k", Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (topK != null && topK < 0) {
            throw ApiException.invalid("top_k", "top_k must be >= 0 (0: off), not " + topK);
        }
        Double minP = number(body, "min_p");
        if (minP != null && !(minP >= 0 && minP <= 1)) {
            throw ApiException.invalid("min_p", "min_p must be in [0, 1], not " + minP);
        }
        Double repetition = number(body, "repetition_penalty");
        if (repetition != null && !(repetition > 0)) {
            throw ApiException.invalid("repetition_penalty", "repetition_penalty must be > 0, not " + repetition);
        }
        Double presence = penalty(body, "presence_penalty");
        Double frequency = penalty(body, "frequency_penalty");
        Long seed = longValue(body, "seed");
        List<String> stop = stop(body);
        boolean stream = Boolean.TRUE.equals(bool(body, "stream"));
        boolean includeUsage = false;
        JsonNode streamOptions = body.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw ApiException.invalid("stream_options", "stream_options must be an object");
            }
            includeUsage = Boolean.TRUE.equals(bool(streamOptions, "include_usage", "stream_options.include_usage"));
        }
        String user = string(body, "user");
        return new Common(model, new GenerationOptions(maxTokens, temperature, topP, topK, minP, repetition, presence,
                frequency, seed, stop, topLogprobs), stream, includeUsage, user);
    }

    /**
     * Chat's {@code logprobs} (boolean) and {@code top_logprobs} (0..20, only with {@code logprobs: true}, as
     * OpenAI requires): null for none, else how many alternatives.
     */
    private static Integer chatLogprobs(JsonNode body) {
        boolean logprobs = Boolean.TRUE.equals(bool(body, "logprobs"));
        Integer top = integer(body, "top_logprobs", 0, MAX_TOP_LOGPROBS);
        if (top != null && !logprobs) {
            throw ApiException.invalid("top_logprobs", "top_logprobs requires logprobs to be true");
        }
        return logprobs ? (top == null ? 0 : top) : null;
    }

    /** The {@code messages} of a chat request. */
    List<ChatMessage> messages(JsonNode body) {
        JsonNode node = body.get("messages");
        if (node == null || node.isNull()) {
            throw ApiException.invalid("messages", "messages is required");
        }
        if (!node.isArray()) {
            throw ApiException.invalid("messages", "messages must be an array of messages");
        }
        if (node.isEmpty()) {
            throw ApiException.invalid("messages", "messages must contain at least one message");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) {
                throw ApiException.invalid(at, at + " must be an object with a role and content");
            }
            String roleName = string(m, "role", at + ".role");
            if (roleName == null) {
                throw ApiException.invalid(at + ".role", at + ".role is required");
            }
            Role role = switch (roleName) {
                case "system", "developer" -> Role.SYSTEM;
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                case "tool" -> Role.TOOL;
                default -> throw ApiException.invalid(at + ".role", "unknown role '" + roleName + "' in " + at
                        + " (expected system, developer, user, assistant or tool)");
            };
            out.add(new ChatMessage(role, content(m.get("content"), at + ".content", role)));
        }
        return out;
    }

    /** The {@code prompt} of a completion request: a string (or a list holding one string). */
    String prompt(JsonNode body) {
        JsonNode p = body.get("prompt");
        if (p == null || p.isNull()) {
            throw ApiException.invalid("prompt", "prompt is required");
        }
        if (p.isArray() && p.size() == 1 && p.get(0).isString()) {
            p = p.get(0);
        }
        if (!p.isString()) {
            throw ApiException.invalid("prompt", "prompt must be a string");
        }
        if (p.asString().isEmpty()) {
            throw ApiException.invalid("prompt", "prompt must not be empty");
        }
        return p.asString();
    }

    private static String content(JsonNode c, String at, Role role) {
        if (c == null || c.isNull()) {
            if (role == Role.ASSISTANT) {
                return "";
            }
            throw ApiException.invalid(at, at + " is required");
        }
        if (c.isString()) {
            return c.asString();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < c.size(); i++) {
                JsonNode part = c.get(i);
                String partAt = at + "[" + i + "]";
                if (!part.isObject() || !"text".equals(part.path("type").asString(null))
                        || !part.path("text").isString()) {
                    throw ApiException.invalid(partAt, partAt + " must be a text part {\"type\": \"text\", \"text\": ...};"
                            + " other content types are not supported");
                }
                sb.append(part.get("text").asString());
            }
            return sb.toString();
        }
        throw ApiException.invalid(at, at + " must be a string or an array of text parts");
    }

    private static List<String> stop(JsonNode body) {
        JsonNode s = body.get("stop");
        if (s == null || s.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (s.isString()) {
            out.add(s.asString());
        } else if (s.isArray()) {
            if (s.size() > 4) {
                throw ApiException.invalid("stop", "stop may hold at most 4 strings, not " + s.size());
            }
            for (JsonNode e : s) {
                if (!e.isString()) {
                    throw ApiException.invalid("stop", "stop must be a string or an array of strings");
                }
                out.add(e.asString());
            }
        } else {
            throw ApiException.invalid("stop", "stop must be a string or an array of strings");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw ApiException.invalid("stop", "stop strings must not be empty");
        }
        return out;
    }

    private static Double penalty(JsonNode body, String name) {
        Double v = number(body, name);
        if (v != null && !(v >= -2 && v <= 2)) {
            throw ApiException.invalid(name, name + " must be between -2 and 2, not " + v);
        }
        return v;
    }

    private static String string(JsonNode body, String name) {
        return string(body, name, name);
    }

    private static String string(JsonNode body, String name, String param) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.invalid(param, param + " must be a string");
        }
        return v.asString();
    }

    private static Boolean bool(JsonNode body, String name) {
        return bool(body, name, name);
    }

    private static Boolean bool(JsonNode body, String name, String param) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(param, param + " must be a boolean");
        }
        return v.booleanValue();
    }

    private static Double number(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw ApiException.invalid(name, name + " must be a number");
        }
        return v.doubleValue();
    }

    private static Integer integer(JsonNode body, String name, int min, int max) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
            throw ApiException.invalid(name, name + " must be an integer");
        }
        if (!v.canConvertToInt() && v.isIntegralNumber()) {
            throw ApiException.invalid(name, name + " is out of range");
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw ApiException.invalid(name, name + " must be between " + min + " and " + max + ", not " + i);
        }
        return i;
    }

    private static Long longValue(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.invalid(name, name + " must be an integer");
        }
        return v.longValue();
    }
}

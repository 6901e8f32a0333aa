package ai.puyu.api;

import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.ConversationSettings;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates the JSON bodies of {@code /api/conversations}: each bad field gives a 400 naming it.
 * Field names are camelCase ({@code systemPrompt}, {@code maxNewTokens}, {@code temperature}, {@code topP}).
 */
final class ConversationRequests {

    private ConversationRequests() {
    }

    /** The settings present in the body (absent fields null), validated against the context size. */
    static ConversationSettings settings(JsonNode body, int maxContext) {
        String system = text(body, "systemPrompt", false);
        Integer maxNewTokens = null;
        JsonNode m = body.get("maxNewTokens");
        if (m != null && !m.isNull()) {
            if (!m.isIntegralNumber() || !m.canConvertToInt()) {
                throw ApiException.invalid("maxNewTokens", "maxNewTokens must be an integer");
            }
            maxNewTokens = m.intValue();
            if (maxNewTokens < 1 || maxNewTokens >= maxContext) {
                throw ApiException.invalid("maxNewTokens", "maxNewTokens must be between 1 and " + (maxContext - 1)
                        + " (the context is " + maxContext + " tokens), not " + maxNewTokens);
            }
        }
        Double temperature = number(body, "temperature");
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw ApiException.invalid("temperature", "temperature must be between 0 and 2, not " + temperature);
        }
        Double topP = number(body, "topP");
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw ApiException.invalid("topP", "topP must be in (0, 1], not " + topP);
        }
        return new ConversationSettings(system, maxNewTokens, temperature, topP);
    }

    /** The title if present: not blank, at most {@link ConversationService#MAX_TITLE_LENGTH} characters. */
    static String title(JsonNode body) {
        String title = text(body, "title", false);
        if (title != null && title.isBlank()) {
            throw ApiException.invalid("title", "title must not be blank");
        }
        if (title != null && title.strip().length() > ConversationService.MAX_TITLE_LENGTH) {
            throw ApiException.invalid("title", "title is longer than " + ConversationService.MAX_TITLE_LENGTH
                    + " characters");
        }
        return title;
    }

    /** The message text: required and not blank. */
    static String content(JsonNode body) {
        String content = text(body, "content", true);
        if (content.isBlank()) {
            throw ApiException.invalid("content", "content must not be empty");
        }
        return content;
    }

    /** The optional random seed of one reply. */
    static Long seed(JsonNode body) {
        JsonNode s = body.get("seed");
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.isIntegralNumber() || !s.canConvertToLong()) {
            throw ApiException.invalid("seed", "seed must be an integer");
        }
        return s.longValue();
    }

    /** True when none of the settings fields is in the body. */
    static boolean hasSettings(JsonNode body) {
        return body.has("systemPrompt") || body.has("maxNewTokens") || body.has("temperature") || body.has("topP");
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.invalid(field, field + " is required");
            }
            return null;
        }
        if (!v.isString()) {
            throw ApiException.invalid(field, field + " must be a string");
        }
        return v.stringValue();
    }

    private static Double number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw ApiException.invalid(field, field + " must be a number");
        }
        return v.doubleValue();
    }
}

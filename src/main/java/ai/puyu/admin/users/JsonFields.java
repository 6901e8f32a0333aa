package ai.puyu.admin.users;

import ai.puyu.security.InvalidUserException;
import tools.jackson.databind.JsonNode;

/** Reads the fields of a JSON request body, refusing wrong types with a message naming the field. */
final class JsonFields {

    private JsonFields() {
    }

    /** Refuses a body that is not a JSON object. */
    static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidUserException(null, "the request body must be a JSON object");
        }
        return body;
    }

    /** The string field, or null when absent or null. */
    static String text(JsonNode body, String field) {
        JsonNode value = object(body).get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidUserException(field, field + " must be a string");
        }
        return value.stringValue();
    }

    /** The boolean field, or null when absent or null. */
    static Boolean bool(JsonNode body, String field) {
        JsonNode value = object(body).get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new InvalidUserException(field, field + " must be true or false");
        }
        return value.booleanValue();
    }
}

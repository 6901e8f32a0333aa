package ai.puyu.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the small JSON files of a checkpoint, turning every problem into a {@link CheckpointException}. */
final class CheckpointJson {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final String file;
    private final JsonNode root;

    private CheckpointJson(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static CheckpointJson read(Path path) {
        String file = String.valueOf(path.getFileName());
        try {
            JsonNode root = JSON.readTree(Files.readString(path));
            if (root == null || !root.isObject()) {
                throw new CheckpointException(file + ": not a JSON object");
            }
            return new CheckpointJson(file, root);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": missing from " + path.getParent());
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (JacksonException e) {
            throw new CheckpointException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    String file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    JsonNode node(String key) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? null : n;
    }

    int requiredInt(String key) {
        JsonNode n = node(key);
        if (n == null) {
            throw new CheckpointException(file + ": missing key " + key);
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new CheckpointException(file + ": " + key + " must be an integer, found " + n);
        }
        return n.asInt();
    }

    int intOr(String key, int fallback) {
        return node(key) == null ? fallback : requiredInt(key);
    }

    double doubleOr(String key, double fallback) {
        JsonNode n = node(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw new CheckpointException(file + ": " + key + " must be a number, found " + n);
        }
        return n.asDouble();
    }

    Double optionalDouble(String key) {
        return node(key) == null ? null : doubleOr(key, 0);
    }

    Integer optionalInt(String key) {
        return node(key) == null ? null : requiredInt(key);
    }

    boolean booleanOr(String key, boolean fallback) {
        JsonNode n = node(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new CheckpointException(file + ": " + key + " must be true or false, found " + n);
        }
        return n.asBoolean();
    }

    String stringOr(String key, String fallback) {
        JsonNode n = node(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isString()) {
            throw new CheckpointException(file + ": " + key + " must be a string, found " + n);
        }
        return n.stringValue();
    }
}

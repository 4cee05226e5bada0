package dev.signet.tls.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One JSON object of the configuration being read, with its dotted path and the name of its source, so that every
 * error names the setting exactly. Building one rejects keys outside the block's known set; the getters reject wrong
 * JSON types, empty strings and values their converter refuses. A converter refuses a value by throwing an
 * {@link IllegalArgumentException} whose message is the reason, a clause without a final period.
 *
 * <p>Immutable; not part of the API.
 */
final class JsonBlock {
    private final JsonNode node;
    private final String path;
    private final String source;

    private JsonBlock(JsonNode node, String path, String source) {
        this.node = node;
        this.path = path;
        this.source = source;
    }

    /** Reads {@code node} at {@code path} as an object whose keys must all be in {@code keys}. */
    static JsonBlock of(JsonNode node, String path, String source, Set<String> keys) {
        if (!node.isObject()) throw wrongType(path, source, "an object", node);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw new TlsConfigException("The key \"" + path + "." + name + "\" in " + source + " is not a known setting.");
            }
        }
        return new JsonBlock(node, path, source);
    }

    /** The dotted path of one of this block's keys. */
    String pathOf(String key) {
        return path + "." + key;
    }

    /** A nested object, if the key is present. */
    Optional<JsonBlock> block(String key, Set<String> keys) {
        return present(key).map(n -> of(n, pathOf(key), source, keys));
    }

    /** A boolean, if the key is present. */
    Optional<Boolean> bool(String key) {
        return present(key).map(n -> {
            if (!n.isBoolean()) throw wrongType(pathOf(key), source, "true or false", n);
            return n.booleanValue();
        });
    }

    /** A boolean that must be present. */
    boolean requiredBool(String key) {
        return bool(key).orElseThrow(() -> required(key, ""));
    }

    /** A non-empty string, if the key is present, converted. */
    <T> Optional<T> string(String key, Function<String, T> convert) {
        return present(key).map(n -> text(n, pathOf(key), convert));
    }

    /** A file path, if the key is present. */
    Optional<Path> file(String key) {
        return string(key, JsonBlock::toPath);
    }

    /** One of an enum's configuration words, if the key is present. */
    <E extends Enum<E> & ConfigWord> Optional<E> word(String key, Class<E> type) {
        return string(key, s -> {
            List<String> words = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                if (e.configValue().equals(s)) return e;
                words.add(quote(e.configValue()));
            }
            throw new IllegalArgumentException(quote(s) + " is not one of " + String.join(" or ", words));
        });
    }

    /** A list of non-empty strings, if the key is present, each converted; a repeated value is refused. */
    <T> Optional<List<T>> list(String key, Function<String, T> convert) {
        return present(key).map(n -> {
            if (!n.isArray()) throw wrongType(pathOf(key), source, "a list of strings", n);
            List<T> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                T value = text(n.get(i), pathOf(key) + "[" + i + "]", convert);
                if (out.contains(value)) throw invalidAt(pathOf(key) + "[" + i + "]", quote(n.get(i).textValue()) + " is listed twice", null);
                out.add(value);
            }
            return List.copyOf(out);
        });
    }

    /** A list of file paths, if the key is present. */
    Optional<List<Path>> files(String key) {
        return list(key, JsonBlock::toPath);
    }

    /**
     * A list that must name at least one entry because {@code condition} holds, for example "when acme is enabled".
     *
     * @param what what the list holds, singular: "domain", "file"
     */
    <T> List<T> requireNonEmpty(Optional<List<T>> list, String key, String what, String condition) {
        List<T> value = list.orElseThrow(() -> required(key, condition));
        if (value.isEmpty()) {
            throw new TlsConfigException(quote(pathOf(key)) + " in " + source + " must list at least one " + what + " " + condition + ".");
        }
        return value;
    }

    /** {@code "path.key" in source is required[ condition].} */
    TlsConfigException required(String key, String condition) {
        return new TlsConfigException(quote(pathOf(key)) + " in " + source + " is required" + (condition.isEmpty() ? "" : " " + condition) + ".");
    }

    /** {@code "path.key" in source must be true condition.} */
    TlsConfigException mustBeTrue(String key, String condition) {
        return new TlsConfigException(quote(pathOf(key)) + " in " + source + " must be true " + condition + ".");
    }

    /** {@code The value of "path.key" in source is invalid: reason.} */
    TlsConfigException invalid(String key, String reason) {
        return invalidAt(pathOf(key), reason, null);
    }

    private TlsConfigException invalidAt(String fullPath, String reason, Throwable cause) {
        return new TlsConfigException("The value of " + quote(fullPath) + " in " + source + " is invalid: " + reason + ".", cause);
    }

    /** {@code The value of "path" in source must be <expected>, not <what it is>.} */
    static TlsConfigException wrongType(String path, String source, String expected, JsonNode actual) {
        return new TlsConfigException("The value of " + quote(path) + " in " + source + " must be " + expected + ", not " + describe(actual) + ".");
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    }

    private Optional<JsonNode> present(String key) {
        return Optional.ofNullable(node.get(key));
    }

    private <T> T text(JsonNode n, String at, Function<String, T> convert) {
        if (!n.isTextual()) throw wrongType(at, source, "a string", n);
        String s = n.textValue();
        if (s.isBlank()) throw invalidAt(at, "it is empty", null);
        try {
            return convert.apply(s);
        } catch (IllegalArgumentException e) {
            throw invalidAt(at, e.getMessage(), e);
        }
    }

    private static Path toPath(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(quote(s) + " is not a valid file path (" + e.getReason() + ")", e);
        }
    }

    private static String describe(JsonNode n) {
        if (n.isTextual()) return "the string " + quote(n.textValue());
        if (n.isNumber()) return "the number " + n.asText();
        if (n.isBoolean() || n.isNull()) return n.asText();
        if (n.isArray()) return "a list";
        if (n.isObject()) return "an object";
        return "a value of type " + n.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}

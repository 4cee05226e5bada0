package dev.signet.ca.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.signet.pki.GoDuration;
import dev.signet.pki.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code config/ca.json}. Reading is strict: unknown keys, wrong types and bad values are rejected
 * with one sentence naming the key (as a dotted JSON path) and the file; missing optional settings get their defaults
 * and the result is validated by {@link CaConfigValidator}.
 *
 * <p>Thread-safe (the mapper is configured once and only read).
 */
public final class CaConfigFile {
    private static final ObjectMapper MAPPER = mapper();
    /** What Jackson says it found: {@code from String value}, {@code from Array value}, {@code from String "yes"}. */
    private static final Pattern GOT = Pattern.compile("from (\\w+ (?:value|\"[^\"]*\"))");

    private CaConfigFile() {}

    /** Loads, completes and validates the config at {@code file}. */
    public static CaConfig load(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigException("The configuration file " + file + " does not exist.");
        }
        return parse(SecureFiles.read(file, "configuration"), file.toString());
    }

    /** Parses, completes and validates config JSON; {@code source} names it in errors. */
    public static CaConfig parse(byte[] json, String source) {
        CaConfig raw;
        if (new String(json, StandardCharsets.UTF_8).isBlank()) throw new ConfigException(source + " is empty.");
        try {
            raw = MAPPER.readValue(json, CaConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("The key \"" + path(e) + "\" in " + source + " is not a known setting.", e);
        } catch (JsonMappingException e) {
            // a syntax error inside an array or object being bound arrives wrapped; it is still a syntax error
            for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
                if (t instanceof StreamReadException) throw notJson(source, (StreamReadException) t);
            }
            throw new ConfigException("The value of \"" + path(e) + "\" in " + source + " is invalid: " + reason(e) + ".", e);
        } catch (JsonProcessingException e) {
            throw notJson(source, e);
        } catch (IOException e) {
            throw new ConfigException("Could not read " + source + ": " + SecureFiles.describe(e) + ".", e);
        }
        if (raw == null) throw new ConfigException(source + " is empty.");
        CaConfig complete = CaConfigDefaults.apply(raw);
        CaConfigValidator.validate(complete, source);
        return complete;
    }

    /** Serialises a config as pretty-printed JSON. */
    public static byte[] toJson(CaConfig config) {
        try {
            return (MAPPER.writeValueAsString(config) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One provisioner as the JSON object ca.json holds (Go durations, camelCase keys). */
    public static String provisionerToJson(ProvisionerConfig p) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads one provisioner object strictly (unknown keys and wrong types are refused with a sentence naming the key);
     * it is validated only when placed in a whole config.
     */
    public static ProvisionerConfig provisionerFromJson(byte[] json, String source) {
        try {
            ProvisionerConfig p = MAPPER.readValue(json, ProvisionerConfig.class);
            if (p == null) throw new ConfigException(source + " is empty.");
            return p;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("The key \"" + path(e) + "\" in " + source + " is not a known setting.", e);
        } catch (JsonMappingException e) {
            throw new ConfigException("The value of \"" + path(e) + "\" in " + source + " is invalid: " + reason(e) + ".", e);
        } catch (JsonProcessingException e) {
            throw notJson(source, e);
        } catch (IOException e) {
            throw new ConfigException("Could not read " + source + ".", e);
        }
    }

    /** Writes a config atomically (mode 0600; it holds no secret but names where they are). */
    public static void write(CaConfig config, Path file) {
        SecureFiles.writeAtomically(file, toJson(config), SecureFiles.OWNER_READ_WRITE);
    }

    private static ConfigException notJson(String source, JsonProcessingException e) {
        return new ConfigException(source + " is not valid JSON at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ".", e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (s.length() > 0) s.append('.');
                s.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.length() == 0 ? "(top level)" : s.toString();
    }

    private static String reason(JsonMappingException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t instanceof JsonMappingException ? ((JsonMappingException) t).getOriginalMessage() : t.getMessage();
        if (m == null) m = t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        if (nl > 0) m = m.substring(0, nl);
        if (m.startsWith("Cannot deserialize value of type")
                || m.startsWith("Cannot construct instance of") && m.contains("deserialize from")) {
            Matcher got = GOT.matcher(m);
            m = "it has the wrong type" + (got.find() ? " (got " + got.group(1) + ")" : "");
        }
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private static ObjectMapper mapper() {
        SimpleModule durations = new SimpleModule("go-durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (!p.currentToken().isScalarValue() || p.currentToken().isNumeric()) {
                    throw JsonMappingException.from(p, "a duration must be a string like \"24h\" or \"90m\"");
                }
                try {
                    return GoDuration.parse(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        });
        durations.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(GoDuration.format(value));
            }
        });
        return new ObjectMapper()
                .registerModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** For tests and tools: the list of keys a config may hold at the top level. */
    public static List<String> topLevelKeys() {
        return List.of("address", "dnsNames", "root", "crt", "key", "db", "tls", "authority", "logger", "acme", "crl");
    }
}

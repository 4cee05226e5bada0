package dev.signet.tls.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signet.pki.GoDuration;
import dev.signet.pki.SubjectName;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads seed 000's {@code security.tls} block into a {@link TlsConfig}, strictly: an unknown key, a value of the wrong
 * JSON type (including {@code null}), an empty string, a bad duration, URL, address, name or enum word, a repeated
 * key, or a setting missing where the seed needs it is refused with a {@link TlsConfigException} whose message is one
 * sentence naming the setting's JSON path and the source, for example
 * {@code The key "security.tls.server.acme.foo" in app.json is not a known setting.}
 *
 * <p>{@link #parse(byte[], String)} reads the whole document, so a key repeated anywhere in it is refused, not only
 * in {@code security.tls}; the document's other keys are not looked at.
 *
 * <p>What is required: {@code enabled} in the {@code server}, {@code acme} and {@code mtls} blocks (the client's
 * defaults to true, see {@link ClientTls}). A disabled server (Tier 1) needs nothing else, and what its block holds is
 * still checked for unknown keys, types and values but not for completeness; the same holds for the {@code acme}
 * block of a disabled client. An enabled {@code acme} block of an enabled server or client needs
 * {@code directory_url}, {@code domains} and {@code storage_path} ({@link AcmeTls}); an enabled {@code mtls} block
 * needs {@code client_ca_files} ({@link MtlsConfig}). An enabled server in {@code "manual"} mode needs
 * {@code cert_file} and {@code key_file}; {@code "acme"} mode needs an enabled {@code acme} block, and writing
 * {@code "manual"} while {@code acme.enabled} is true is refused as a contradiction. {@code cert_file} and
 * {@code key_file} are given together or not at all.
 *
 * <p>Stateless and thread-safe.
 */
public final class TlsConfigParser {
    /** Where seed 000 puts the block in an application configuration, and the path errors name by default. */
    public static final String DEFAULT_PATH = "security.tls";

    private static final Set<String> TLS_KEYS = Set.of("server", "client");
    private static final Set<String> SERVER_KEYS = Set.of("enabled", "mode", "cert_file", "key_file", "min_version", "acme", "mtls");
    private static final Set<String> CLIENT_KEYS = Set.of(
            "enabled", "mode", "cert_file", "key_file", "ca_files", "insecure_skip_verify", "min_version", "acme");
    private static final Set<String> ACME_KEYS = Set.of("enabled", "directory_url", "email", "domains", "challenge_type",
            "renew_before", "storage_path", "ca_bundle", "check_interval", "http01_address", "tls_alpn01_address");
    private static final Set<String> MTLS_KEYS = Set.of("enabled", "client_ca_files", "require_client_cert", "allowed_client_cns");

    private static final String WHEN_ACME = "when acme is enabled";
    private static final Duration SHORTEST_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TlsConfigParser() {}

    /**
     * Reads the {@code security.tls} block of a whole application configuration; other keys of the document are the
     * application's and are not looked at. A document without {@code security} or {@code security.tls} has no TLS
     * settings: {@link TlsConfig#NONE}.
     *
     * @param json the UTF-8 JSON document
     * @param source how errors name the document, such as a file name
     * @throws TlsConfigException when the document is not JSON or the block is not valid
     */
    public static TlsConfig parse(byte[] json, String source) {
        if (json == null || new String(json, StandardCharsets.UTF_8).isBlank()) throw new TlsConfigException(source + " is empty.");
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(json)) {
            root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new TlsConfigException(source + " is not valid JSON: more follows the top-level value" + where(parser.currentTokenLocation()) + ".");
            }
        } catch (StreamReadException e) {
            throw notJson(source, e);
        } catch (IOException e) {
            throw new TlsConfigException(source + " could not be read: " + e.getMessage() + ".", e);
        }
        if (!root.isObject()) {
            throw new TlsConfigException(source + " must hold a JSON object, but it holds " + (root.isArray() ? "a list" : "a single value") + ".");
        }
        JsonNode security = root.get("security");
        if (security == null) return TlsConfig.NONE;
        if (!security.isObject()) throw JsonBlock.wrongType("security", source, "an object", security);
        JsonNode tls = security.get("tls");
        return tls == null ? TlsConfig.NONE : parseTls(tls, source, DEFAULT_PATH);
    }

    /** Reads the {@code security.tls} object itself; errors name its settings under {@value #DEFAULT_PATH}. */
    public static TlsConfig parseTls(JsonNode tls, String source) {
        return parseTls(tls, source, DEFAULT_PATH);
    }

    /**
     * Reads a {@code tls} object found at {@code path} of the host's configuration (errors name its settings under
     * that path). A Java {@code null} or a missing node is no block at all: {@link TlsConfig#NONE}.
     */
    public static TlsConfig parseTls(JsonNode tls, String source, String path) {
        if (tls == null || tls.isMissingNode()) return TlsConfig.NONE;
        JsonBlock b = JsonBlock.of(tls, path, source, TLS_KEYS);
        return new TlsConfig(b.block("server", SERVER_KEYS).map(TlsConfigParser::server),
                b.block("client", CLIENT_KEYS).map(TlsConfigParser::client));
    }

    /**
     * Reads the {@code security.tls} block from the generic map a host application's own configuration reader made of
     * it (strings, booleans, lists and maps, as JSON would hold them); the same rules and messages as
     * {@link #parse(byte[], String)}, with paths under {@value #DEFAULT_PATH}.
     */
    public static TlsConfig fromMap(Map<String, ?> tls, String source) {
        return fromMap(tls, source, DEFAULT_PATH);
    }

    /** As {@link #fromMap(Map, String)}, for a block the host keeps at {@code path}. A {@code null} map is no block. */
    public static TlsConfig fromMap(Map<String, ?> tls, String source, String path) {
        if (tls == null) return TlsConfig.NONE;
        JsonNode node;
        try {
            node = MAPPER.valueToTree(tls);
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException("The settings under \"" + path + "\" in " + source + " cannot be read as JSON values: "
                    + e.getMessage() + ".", e);
        }
        return parseTls(node, source, path);
    }

    private static ServerTls server(JsonBlock b) {
        boolean enabled = b.requiredBool("enabled");
        Optional<TlsMode> written = b.word("mode", TlsMode.class);
        Optional<Path> cert = b.file("cert_file");
        Optional<Path> key = b.file("key_file");
        TlsVersion minVersion = b.word("min_version", TlsVersion.class).orElse(TlsVersion.TLS_1_2);
        Optional<AcmeTls> acme = b.block("acme", ACME_KEYS).map(a -> acme(a, enabled));
        Optional<MtlsConfig> mtls = b.block("mtls", MTLS_KEYS).map(m -> mtls(m, enabled));
        TlsMode mode = mode(b, written, acme, enabled);
        if (enabled) {
            checkPair(b, cert, key);
            if (mode == TlsMode.MANUAL && cert.isEmpty()) throw b.required("cert_file", "when mode is \"manual\"");
        }
        return new ServerTls(enabled, mode, cert, key, minVersion, acme, mtls);
    }

    private static ClientTls client(JsonBlock b) {
        boolean enabled = b.bool("enabled").orElse(true);
        Optional<TlsMode> written = b.word("mode", TlsMode.class);
        Optional<Path> cert = b.file("cert_file");
        Optional<Path> key = b.file("key_file");
        List<Path> caFiles = b.files("ca_files").orElse(List.of());
        boolean insecure = b.bool("insecure_skip_verify").orElse(false);
        TlsVersion minVersion = b.word("min_version", TlsVersion.class).orElse(TlsVersion.TLS_1_2);
        Optional<AcmeTls> acme = b.block("acme", ACME_KEYS).map(a -> acme(a, enabled));
        TlsMode mode = mode(b, written, acme, enabled);
        if (enabled) checkPair(b, cert, key);
        return new ClientTls(enabled, mode, cert, key, caFiles, insecure, minVersion, acme);
    }

    /** The written mode checked against the acme block, or the default: acme when acme.enabled is true. */
    private static TlsMode mode(JsonBlock b, Optional<TlsMode> written, Optional<AcmeTls> acme, boolean enabled) {
        boolean acmeOn = acme.map(AcmeTls::enabled).orElse(false);
        if (written.isEmpty()) return acmeOn ? TlsMode.ACME : TlsMode.MANUAL;
        if (enabled && written.get() == TlsMode.ACME) {
            if (acme.isEmpty()) throw b.required("acme", "when mode is \"acme\"");
            if (!acmeOn) throw b.mustBeTrue("acme.enabled", "when mode is \"acme\"");
        }
        if (enabled && written.get() == TlsMode.MANUAL && acmeOn) {
            throw b.invalid("mode", "it is \"manual\" but " + JsonBlock.quote(b.pathOf("acme.enabled"))
                    + " is true; write \"acme\" or leave mode out");
        }
        return written.get();
    }

    private static void checkPair(JsonBlock b, Optional<Path> cert, Optional<Path> key) {
        if (cert.isPresent() && key.isEmpty()) throw b.required("key_file", "when " + JsonBlock.quote(b.pathOf("cert_file")) + " is set");
        if (key.isPresent() && cert.isEmpty()) throw b.required("cert_file", "when " + JsonBlock.quote(b.pathOf("key_file")) + " is set");
    }

    /** An acme block; what an enabled block needs is only required when its server or client is enabled too. */
    private static AcmeTls acme(JsonBlock b, boolean parentEnabled) {
        boolean enabled = b.requiredBool("enabled");
        Optional<URI> directory = b.string("directory_url", TlsConfigParser::httpsUrl);
        Optional<String> email = b.string("email", TlsConfigParser::email);
        Optional<List<String>> domains = b.list("domains", TlsConfigParser::domain);
        ChallengeType challenge = b.word("challenge_type", ChallengeType.class).orElse(ChallengeType.HTTP_01);
        Duration renewBefore = b.string("renew_before", s -> duration(s, Duration.ZERO)).orElse(AcmeTls.DEFAULT_RENEW_BEFORE);
        Optional<Path> storage = b.file("storage_path");
        Optional<Path> caBundle = b.file("ca_bundle");
        Duration checkInterval = b.string("check_interval", s -> duration(s, SHORTEST_CHECK_INTERVAL)).orElse(AcmeTls.DEFAULT_CHECK_INTERVAL);
        String http01 = b.string("http01_address", TlsConfigParser::listenAddress).orElse(AcmeTls.DEFAULT_HTTP01_ADDRESS);
        String tlsAlpn01 = b.string("tls_alpn01_address", TlsConfigParser::listenAddress).orElse(AcmeTls.DEFAULT_TLS_ALPN01_ADDRESS);
        if (enabled && parentEnabled) {
            if (directory.isEmpty()) throw b.required("directory_url", WHEN_ACME);
            b.requireNonEmpty(domains, "domains", "domain", WHEN_ACME);
            if (storage.isEmpty()) throw b.required("storage_path", WHEN_ACME);
        }
        return new AcmeTls(enabled, directory, email, domains.orElse(List.of()), challenge, renewBefore, storage, caBundle,
                checkInterval, http01, tlsAlpn01);
    }

    private static MtlsConfig mtls(JsonBlock b, boolean serverEnabled) {
        boolean enabled = b.requiredBool("enabled");
        Optional<List<Path>> caFiles = b.files("client_ca_files");
        boolean require = b.bool("require_client_cert").orElse(true);
        List<String> cns = b.list("allowed_client_cns", s -> s).orElse(List.of());
        if (enabled && serverEnabled) b.requireNonEmpty(caFiles, "client_ca_files", "file", "when mtls is enabled");
        return new MtlsConfig(enabled, caFiles.orElse(List.of()), require, cns);
    }

    private static URI httpsUrl(String s) {
        try {
            URI u = new URI(s);
            if ("https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) return u;
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException(JsonBlock.quote(s) + " is not an absolute https URL");
    }

    private static String email(String s) {
        try {
            return SubjectName.email(s).value();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(JsonBlock.quote(s) + " is not an email address", e);
        }
    }

    /** A DNS name or IP address an ACME order can name and http-01 or tls-alpn-01 can validate, normalised. */
    private static String domain(String s) {
        SubjectName name;
        try {
            name = SubjectName.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(JsonBlock.quote(s) + " is not a DNS name or an IP address", e);
        }
        if (name.type() != SubjectName.Type.DNS && name.type() != SubjectName.Type.IP) {
            throw new IllegalArgumentException(JsonBlock.quote(s) + " is not a DNS name or an IP address");
        }
        if (name.value().startsWith("*.")) {
            throw new IllegalArgumentException(JsonBlock.quote(s) + " is a wildcard, which neither http-01 nor tls-alpn-01 can validate");
        }
        return name.value();
    }

    private static Duration duration(String s, Duration shortest) {
        Duration d;
        try {
            d = GoDuration.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(JsonBlock.quote(s) + " is not a duration like 8h or 30m", e);
        }
        if (d.isZero()) throw new IllegalArgumentException(JsonBlock.quote(s) + " is not a positive duration");
        if (d.compareTo(shortest) < 0) throw new IllegalArgumentException(JsonBlock.quote(s) + " is shorter than " + GoDuration.format(shortest));
        return d;
    }

    /** {@code :80}, {@code 127.0.0.1:80}, {@code localhost:80} or {@code [::1]:80}, port 1 to 65535. */
    private static String listenAddress(String s) {
        String bad = JsonBlock.quote(s) + " is not a listen address like :80 or 127.0.0.1:80";
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException(bad);
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException(bad);
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        String bare = bracketed ? host.substring(1, host.length() - 1) : host;
        if (host.isEmpty()) return s;
        if (bracketed != bare.contains(":")) throw new IllegalArgumentException(bad);
        try {
            SubjectName name = SubjectName.parse(bare);
            if (name.type() == SubjectName.Type.DNS || name.type() == SubjectName.Type.IP) return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(bad, e);
        }
        throw new IllegalArgumentException(bad);
    }

    private static TlsConfigException notJson(String source, StreamReadException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field") && e.getProcessor() != null) {
            return new TlsConfigException("The key " + JsonBlock.quote(dotted(e.getProcessor().getParsingContext())) + " appears more than once in "
                    + source + ".", e);
        }
        return new TlsConfigException(source + " is not valid JSON: " + message + where(e.getLocation()) + ".", e);
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The dotted path of where a parser stands, such as {@code security.tls.server.enabled} or {@code a.b[2]}. */
    private static String dotted(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}

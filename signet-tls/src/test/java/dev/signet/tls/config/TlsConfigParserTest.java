package dev.signet.tls.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seed 000's {@code security.tls} examples (copied verbatim into test resources), the defaults, Tier 1, and the whole
 * error sentence for every kind of bad setting. JSON in this class is written with single quotes for readability.
 */
class TlsConfigParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A complete, valid acme block body (without braces). */
    private static final String ACME = "'enabled': true, 'directory_url': 'https://ca.local/acme/acme/directory',"
            + " 'domains': ['svc.local'], 'storage_path': '/data/acme'";
    /** A server block with a complete acme block in which {@code key} is set to {@code value} (raw JSON). */
    private static String acmeServer(String key, String value) {
        Map<String, String> acme = new LinkedHashMap<>();
        acme.put("enabled", "true");
        acme.put("directory_url", "'https://ca.local/acme/acme/directory'");
        acme.put("domains", "['svc.local']");
        acme.put("storage_path", "'/data/acme'");
        acme.put(key, value);
        StringBuilder body = new StringBuilder();
        acme.forEach((k, v) -> body.append(body.length() == 0 ? "" : ", ").append('\'').append(k).append("': ").append(v));
        return "{'server': {'enabled': true, 'acme': {" + body + "}}}";
    }

    private static final String MANUAL = "'enabled': true, 'cert_file': '/certs/s.crt', 'key_file': '/certs/s.key'";

    private static byte[] appJson(String tls) {
        return ("{'components': [], 'security': {'tls': " + tls + "}}").replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static TlsConfig parseTls(String tls) {
        return TlsConfigParser.parse(appJson(tls), "app.json");
    }

    private static byte[] resource(String name) {
        try (InputStream in = TlsConfigParserTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AcmeTls acme(String directory, String email, List<String> domains, String storage, String caBundle) {
        return new AcmeTls(true, Optional.of(URI.create(directory)), Optional.of(email), domains, ChallengeType.HTTP_01,
                Duration.ofHours(8), Optional.of(Path.of(storage)), Optional.ofNullable(caBundle).map(Path::of), Duration.ofHours(1),
                ":80", ":443");
    }

    private static AcmeTls defaultAcme() {
        return new AcmeTls(true, Optional.of(URI.create("https://ca.local/acme/acme/directory")), Optional.empty(), List.of("svc.local"),
                ChallengeType.HTTP_01, Duration.ofHours(8), Optional.of(Path.of("/data/acme")), Optional.empty(), Duration.ofHours(1),
                ":80", ":443");
    }

    private static ServerTls server(boolean enabled, TlsMode mode, String cert, String key, AcmeTls acme, MtlsConfig mtls) {
        return new ServerTls(enabled, mode, Optional.ofNullable(cert).map(Path::of), Optional.ofNullable(key).map(Path::of),
                TlsVersion.TLS_1_2, Optional.ofNullable(acme), Optional.ofNullable(mtls));
    }

    private static ClientTls client(TlsMode mode, List<String> caFiles, AcmeTls acme) {
        return new ClientTls(true, mode, Optional.empty(), Optional.empty(), caFiles.stream().map(Path::of).toList(), false,
                TlsVersion.TLS_1_2, Optional.ofNullable(acme));
    }

    private static TlsConfig only(ServerTls server) {
        return new TlsConfig(Optional.of(server), Optional.empty());
    }

    private static TlsConfig only(ClientTls client) {
        return new TlsConfig(Optional.empty(), Optional.of(client));
    }

    static Stream<Arguments> seedExamples() {
        String stepCa = "https://step-ca:9000/acme/acme/directory";
        String stepCaLocal = "https://step-ca.local:9000/acme/acme/directory";
        return Stream.of(
                argumentSet("seed/server-side-acme", "seed-server-acme.json", only(server(true, TlsMode.ACME, null, null,
                        acme(stepCaLocal, "admin@example.com", List.of("semstreams-server.local"), "/data/acme-certs", "/certs/step-ca-root.crt"),
                        new MtlsConfig(false, List.of(), true, List.of())))),
                argumentSet("seed/client-side-acme", "seed-client-acme.json", only(client(TlsMode.ACME, List.of("/certs/step-ca-root.crt"),
                        acme(stepCaLocal, "admin@example.com", List.of("semstreams-client.local"), "/data/acme-certs-client", null)))),
                argumentSet("seed/configuration-reference-mtls", "seed-configuration-reference.json", new TlsConfig(
                        Optional.of(server(true, TlsMode.ACME, "/certs/fallback-server.crt", "/certs/fallback-server.key",
                                acme(stepCa, "admin@example.com", List.of("semstreams.local", "semstreams.example.com"), "/data/acme",
                                        "/certs/step-ca-root.crt"),
                                new MtlsConfig(true, List.of(Path.of("/certs/federation-root-ca.crt")), true, List.of("authorized-client.local")))),
                        Optional.of(client(TlsMode.ACME, List.of("/certs/step-ca-root.crt"),
                                acme(stepCa, "client@example.com", List.of("semstreams-client.local"), "/data/acme-client", null))))),
                argumentSet("seed/manual-only", "seed-manual-only.json",
                        only(server(true, TlsMode.MANUAL, "/certs/server.crt", "/certs/server.key", null, null))),
                argumentSet("seed/tier1-tls-disabled", "seed-tier1.json", only(server(false, TlsMode.MANUAL, null, null, null, null))));
    }

    @ParameterizedTest
    @MethodSource("seedExamples")
    void readsTheSeedExamples(String resource, TlsConfig expected) {
        assertThat(TlsConfigParser.parse(resource(resource), resource)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("seedExamples")
    void fromMapAndParseTlsEqualParse(String resource, TlsConfig expected) throws IOException {
        Map<String, Object> app = JSON.readValue(resource(resource), new TypeReference<>() {});
        @SuppressWarnings("unchecked")
        Map<String, Object> tls = (Map<String, Object>) ((Map<String, Object>) app.get("security")).get("tls");
        assertThat(TlsConfigParser.fromMap(tls, resource)).isEqualTo(expected);
        assertThat(TlsConfigParser.parseTls(JSON.readTree(resource(resource)).path("security").path("tls"), resource)).isEqualTo(expected);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                argumentSet("ok/acme-defaults-and-mode-from-acme-enabled", "{'server': {'enabled': true, 'acme': {" + ACME + "}}}",
                        only(server(true, TlsMode.ACME, null, null, defaultAcme(), null))),
                argumentSet("ok/mode-defaults-to-manual", "{'server': {" + MANUAL + "}}",
                        only(server(true, TlsMode.MANUAL, "/certs/s.crt", "/certs/s.key", null, null))),
                argumentSet("ok/mode-manual-with-disabled-acme", "{'server': {" + MANUAL + ", 'mode': 'manual', 'acme': {'enabled': false}}}",
                        only(server(true, TlsMode.MANUAL, "/certs/s.crt", "/certs/s.key", new AcmeTls(false, Optional.empty(),
                                Optional.empty(), List.of(), ChallengeType.HTTP_01, Duration.ofHours(8), Optional.empty(), Optional.empty(),
                                Duration.ofHours(1), ":80", ":443"), null))),
                argumentSet("ok/tier1-disabled-server-needs-nothing-else",
                        "{'server': {'enabled': false, 'mode': 'acme', 'cert_file': '/c.crt', 'acme': {'enabled': true}, 'mtls': {'enabled': true}}}",
                        only(server(false, TlsMode.ACME, "/c.crt", null, new AcmeTls(true, Optional.empty(), Optional.empty(), List.of(),
                                ChallengeType.HTTP_01, Duration.ofHours(8), Optional.empty(), Optional.empty(), Duration.ofHours(1), ":80",
                                ":443"), new MtlsConfig(true, List.of(), true, List.of())))),
                argumentSet("ok/every-acme-setting", "{'server': {'enabled': true, 'min_version': '1.3', 'acme': {'enabled': true,"
                        + " 'directory_url': 'https://ca.local/acme/acme/directory', 'storage_path': '/data/acme',"
                        + " 'email': 'Ops@Example.COM', 'domains': ['Svc.Local', '10.0.0.7'], 'challenge_type': 'tls-alpn-01',"
                        + " 'renew_before': '1h30m', 'ca_bundle': 'root.crt', 'check_interval': '5m', 'http01_address': '127.0.0.1:8080',"
                        + " 'tls_alpn01_address': '[::1]:8443'}, 'mtls': {'enabled': true, 'client_ca_files': ['a.crt', 'b.crt'],"
                        + " 'require_client_cert': false}}}",
                        only(new ServerTls(true, TlsMode.ACME, Optional.empty(), Optional.empty(), TlsVersion.TLS_1_3, Optional.of(new AcmeTls(
                                true, Optional.of(URI.create("https://ca.local/acme/acme/directory")), Optional.of("Ops@example.com"),
                                List.of("svc.local", "10.0.0.7"), ChallengeType.TLS_ALPN_01, Duration.ofMinutes(90),
                                Optional.of(Path.of("/data/acme")), Optional.of(Path.of("root.crt")), Duration.ofMinutes(5), "127.0.0.1:8080",
                                "[::1]:8443")), Optional.of(new MtlsConfig(true, List.of(Path.of("a.crt"), Path.of("b.crt")), false, List.of()))))),
                argumentSet("ok/client-defaults-enabled-manual-system-trust", "{'client': {}}", only(client(TlsMode.MANUAL, List.of(), null))),
                argumentSet("ok/client-certificate-and-insecure", "{'client': {'cert_file': 'c.crt', 'key_file': 'c.key',"
                        + " 'insecure_skip_verify': true}}", only(new ClientTls(true, TlsMode.MANUAL, Optional.of(Path.of("c.crt")),
                        Optional.of(Path.of("c.key")), List.of(), true, TlsVersion.TLS_1_2, Optional.empty()))),
                argumentSet("ok/client-disabled-incomplete-acme", "{'client': {'enabled': false, 'mode': 'acme', 'acme': {'enabled': true}}}",
                        only(new ClientTls(false, TlsMode.ACME, Optional.empty(), Optional.empty(), List.of(), false, TlsVersion.TLS_1_2,
                                Optional.of(new AcmeTls(true, Optional.empty(), Optional.empty(), List.of(), ChallengeType.HTTP_01,
                                        Duration.ofHours(8), Optional.empty(), Optional.empty(), Duration.ofHours(1), ":80", ":443"))))),
                argumentSet("ok/empty-tls-block", "{}", TlsConfig.NONE));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void readsValidBlocksWithDefaults(String tls, TlsConfig expected) {
        assertThat(parseTls(tls)).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        String p = "security.tls.server";
        return Stream.of(
                // unknown keys
                argumentSet("fail/unknown-tls-key", "{'servers': {}}", "The key \"security.tls.servers\" in app.json is not a known setting."),
                argumentSet("fail/unknown-acme-key", acmeServer("foo", "1"),
                        "The key \"security.tls.server.acme.foo\" in app.json is not a known setting."),
                argumentSet("fail/unknown-camel-case-key", "{'server': {" + MANUAL + ", 'minVersion': '1.2'}}",
                        "The key \"security.tls.server.minVersion\" in app.json is not a known setting."),
                argumentSet("fail/mtls-is-not-a-client-setting", "{'client': {'mtls': {}}}",
                        "The key \"security.tls.client.mtls\" in app.json is not a known setting."),
                argumentSet("fail/unknown-mtls-key", "{'server': {" + MANUAL + ", 'mtls': {'enabled': false, 'allowed_cns': []}}}",
                        "The key \"security.tls.server.mtls.allowed_cns\" in app.json is not a known setting."),
                // wrong JSON types
                argumentSet("fail/tls-not-object", "[]", "The value of \"security.tls\" in app.json must be an object, not a list."),
                argumentSet("fail/server-not-object", "{'server': true}", "The value of \"security.tls.server\" in app.json must be an object, not true."),
                argumentSet("fail/enabled-string", "{'server': {'enabled': 'yes'}}",
                        "The value of \"security.tls.server.enabled\" in app.json must be true or false, not the string \"yes\"."),
                argumentSet("fail/renew-before-number", acmeServer("renew_before", "28800"),
                        "The value of \"security.tls.server.acme.renew_before\" in app.json must be a string, not the number 28800."),
                argumentSet("fail/min-version-number", "{'server': {" + MANUAL + ", 'min_version': 1.2}}",
                        "The value of \"security.tls.server.min_version\" in app.json must be a string, not the number 1.2."),
                argumentSet("fail/storage-path-null", acmeServer("storage_path", "null"),
                        "The value of \"security.tls.server.acme.storage_path\" in app.json must be a string, not null."),
                argumentSet("fail/domains-not-list", acmeServer("domains", "'svc.local'"),
                        "The value of \"security.tls.server.acme.domains\" in app.json must be a list of strings, not the string \"svc.local\"."),
                argumentSet("fail/domain-not-string", acmeServer("domains", "['svc.local', 7]"),
                        "The value of \"security.tls.server.acme.domains[1]\" in app.json must be a string, not the number 7."),
                argumentSet("fail/require-client-cert-string", "{'server': {" + MANUAL + ", 'mtls': {'enabled': false, 'require_client_cert': 'true'}}}",
                        "The value of \"security.tls.server.mtls.require_client_cert\" in app.json must be true or false, not the string \"true\"."),
                argumentSet("fail/insecure-skip-verify-number", "{'client': {'insecure_skip_verify': 1}}",
                        "The value of \"security.tls.client.insecure_skip_verify\" in app.json must be true or false, not the number 1."),
                argumentSet("fail/allowed-cns-object", "{'server': {" + MANUAL + ", 'mtls': {'enabled': false, 'allowed_client_cns': {}}}}",
                        "The value of \"security.tls.server.mtls.allowed_client_cns\" in app.json must be a list of strings, not an object."),
                // bad durations
                argumentSet("fail/renew-before-words", acmeServer("renew_before", "'8 hours'"),
                        "The value of \"security.tls.server.acme.renew_before\" in app.json is invalid: \"8 hours\" is not a duration like 8h or 30m."),
                argumentSet("fail/renew-before-days", acmeServer("renew_before", "'1d'"),
                        "The value of \"security.tls.server.acme.renew_before\" in app.json is invalid: \"1d\" is not a duration like 8h or 30m."),
                argumentSet("fail/renew-before-zero", acmeServer("renew_before", "'0s'"),
                        "The value of \"security.tls.server.acme.renew_before\" in app.json is invalid: \"0s\" is not a positive duration."),
                argumentSet("fail/check-interval-too-short", acmeServer("check_interval", "'10ms'"),
                        "The value of \"security.tls.server.acme.check_interval\" in app.json is invalid: \"10ms\" is shorter than 1s."),
                // bad enum words and values
                argumentSet("fail/mode-word", "{'server': {" + MANUAL + ", 'mode': 'auto'}}",
                        "The value of \"security.tls.server.mode\" in app.json is invalid: \"auto\" is not one of \"manual\" or \"acme\"."),
                argumentSet("fail/mode-upper-case", "{'server': {" + MANUAL + ", 'mode': 'MANUAL'}}",
                        "The value of \"security.tls.server.mode\" in app.json is invalid: \"MANUAL\" is not one of \"manual\" or \"acme\"."),
                argumentSet("fail/min-version-word", "{'client': {'min_version': '1.1'}}",
                        "The value of \"security.tls.client.min_version\" in app.json is invalid: \"1.1\" is not one of \"1.2\" or \"1.3\"."),
                argumentSet("fail/challenge-type-word", acmeServer("challenge_type", "'dns-01'"),
                        "The value of \"security.tls.server.acme.challenge_type\" in app.json is invalid: \"dns-01\" is not one of \"http-01\" or \"tls-alpn-01\"."),
                argumentSet("fail/directory-url-http", acmeServer("directory_url", "'http://ca.local/acme/acme/directory'"),
                        "The value of \"security.tls.server.acme.directory_url\" in app.json is invalid: \"http://ca.local/acme/acme/directory\" is not an absolute https URL."),
                argumentSet("fail/directory-url-relative", acmeServer("directory_url", "'/acme/acme/directory'"),
                        "The value of \"security.tls.server.acme.directory_url\" in app.json is invalid: \"/acme/acme/directory\" is not an absolute https URL."),
                argumentSet("fail/email-without-domain", acmeServer("email", "'admin'"),
                        "The value of \"security.tls.server.acme.email\" in app.json is invalid: \"admin\" is not an email address."),
                argumentSet("fail/domain-invalid", acmeServer("domains", "['bad_name.local']"),
                        "The value of \"security.tls.server.acme.domains[0]\" in app.json is invalid: \"bad_name.local\" is not a DNS name or an IP address."),
                argumentSet("fail/domain-url", acmeServer("domains", "['https://svc.local']"),
                        "The value of \"security.tls.server.acme.domains[0]\" in app.json is invalid: \"https://svc.local\" is not a DNS name or an IP address."),
                argumentSet("fail/domain-wildcard", acmeServer("domains", "['*.svc.local']"),
                        "The value of \"security.tls.server.acme.domains[0]\" in app.json is invalid: \"*.svc.local\" is a wildcard, which neither http-01 nor tls-alpn-01 can validate."),
                argumentSet("fail/domain-twice", acmeServer("domains", "['svc.local', 'SVC.local']"),
                        "The value of \"security.tls.server.acme.domains[1]\" in app.json is invalid: \"SVC.local\" is listed twice."),
                argumentSet("fail/http01-address-without-colon", acmeServer("http01_address", "'80'"),
                        "The value of \"security.tls.server.acme.http01_address\" in app.json is invalid: \"80\" is not a listen address like :80 or 127.0.0.1:80."),
                argumentSet("fail/tls-alpn01-address-port-range", acmeServer("tls_alpn01_address", "':65536'"),
                        "The value of \"security.tls.server.acme.tls_alpn01_address\" in app.json is invalid: \":65536\" is not a listen address like :80 or 127.0.0.1:80."),
                argumentSet("fail/tls-alpn01-address-unbracketed-ipv6", acmeServer("tls_alpn01_address", "'::1:443'"),
                        "The value of \"security.tls.server.acme.tls_alpn01_address\" in app.json is invalid: \"::1:443\" is not a listen address like :80 or 127.0.0.1:80."),
                argumentSet("fail/cert-file-empty", "{'server': {'enabled': true, 'cert_file': '', 'key_file': 'k'}}",
                        "The value of \"security.tls.server.cert_file\" in app.json is invalid: it is empty."),
                argumentSet("fail/ca-files-blank-entry", "{'client': {'ca_files': ['a.crt', ' ']}}",
                        "The value of \"security.tls.client.ca_files[1]\" in app.json is invalid: it is empty."),
                argumentSet("fail/mode-manual-contradicts-acme-enabled", "{'server': {" + MANUAL + ", 'mode': 'manual', 'acme': {" + ACME + "}}}",
                        "The value of \"security.tls.server.mode\" in app.json is invalid: it is \"manual\" but"
                                + " \"security.tls.server.acme.enabled\" is true; write \"acme\" or leave mode out."),
                // missing required settings
                argumentSet("fail/server-enabled-missing", "{'server': {'cert_file': 'c', 'key_file': 'k'}}",
                        "\"security.tls.server.enabled\" in app.json is required."),
                argumentSet("fail/acme-enabled-missing", "{'server': {" + MANUAL + ", 'acme': {}}}",
                        "\"security.tls.server.acme.enabled\" in app.json is required."),
                argumentSet("fail/mtls-enabled-missing", "{'server': {" + MANUAL + ", 'mtls': {'client_ca_files': ['ca.crt']}}}",
                        "\"security.tls.server.mtls.enabled\" in app.json is required."),
                argumentSet("fail/storage-path-missing", "{'server': {'enabled': true, 'acme': {'enabled': true,"
                        + " 'directory_url': 'https://ca.local/dir', 'domains': ['svc.local']}}}",
                        "\"security.tls.server.acme.storage_path\" in app.json is required when acme is enabled."),
                argumentSet("fail/directory-url-missing", "{'server': {'enabled': true, 'acme': {'enabled': true, 'domains': ['svc.local'],"
                        + " 'storage_path': '/data'}}}",
                        "\"security.tls.server.acme.directory_url\" in app.json is required when acme is enabled."),
                argumentSet("fail/domains-missing", "{'server': {'enabled': true, 'acme': {'enabled': true,"
                        + " 'directory_url': 'https://ca.local/dir', 'storage_path': '/data'}}}",
                        "\"security.tls.server.acme.domains\" in app.json is required when acme is enabled."),
                argumentSet("fail/domains-empty", acmeServer("domains", "[]"),
                        "\"security.tls.server.acme.domains\" in app.json must list at least one domain when acme is enabled."),
                argumentSet("fail/client-acme-storage-path-missing", "{'client': {'mode': 'acme', 'acme': {'enabled': true,"
                        + " 'directory_url': 'https://ca.local/dir', 'domains': ['client.local']}}}",
                        "\"security.tls.client.acme.storage_path\" in app.json is required when acme is enabled."),
                argumentSet("fail/mode-acme-without-acme-block", "{'server': {'enabled': true, 'mode': 'acme'}}",
                        "\"security.tls.server.acme\" in app.json is required when mode is \"acme\"."),
                argumentSet("fail/mode-acme-with-acme-disabled", "{'server': {'enabled': true, 'mode': 'acme', 'acme': {'enabled': false}}}",
                        "\"security.tls.server.acme.enabled\" in app.json must be true when mode is \"acme\"."),
                argumentSet("fail/client-mode-acme-without-acme-block", "{'client': {'mode': 'acme'}}",
                        "\"security.tls.client.acme\" in app.json is required when mode is \"acme\"."),
                argumentSet("fail/manual-without-certificate", "{'server': {'enabled': true}}",
                        "\"" + p + ".cert_file\" in app.json is required when mode is \"manual\"."),
                argumentSet("fail/cert-without-key", "{'server': {'enabled': true, 'cert_file': 'c.crt'}}",
                        "\"" + p + ".key_file\" in app.json is required when \"" + p + ".cert_file\" is set."),
                argumentSet("fail/acme-fallback-key-without-cert", "{'server': {'enabled': true, 'key_file': 'k.key', 'acme': {" + ACME + "}}}",
                        "\"" + p + ".cert_file\" in app.json is required when \"" + p + ".key_file\" is set."),
                argumentSet("fail/client-cert-without-key", "{'client': {'cert_file': 'c.crt'}}",
                        "\"security.tls.client.key_file\" in app.json is required when \"security.tls.client.cert_file\" is set."),
                argumentSet("fail/mtls-client-ca-files-missing", "{'server': {" + MANUAL + ", 'mtls': {'enabled': true}}}",
                        "\"security.tls.server.mtls.client_ca_files\" in app.json is required when mtls is enabled."),
                argumentSet("fail/mtls-client-ca-files-empty", "{'server': {" + MANUAL + ", 'mtls': {'enabled': true, 'client_ca_files': []}}}",
                        "\"security.tls.server.mtls.client_ca_files\" in app.json must list at least one file when mtls is enabled."));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWithOneSentenceNamingThePath(String tls, String message) {
        assertThatThrownBy(() -> parseTls(tls)).isExactlyInstanceOf(TlsConfigException.class).hasMessage(message);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void fromMapRefusesWithTheSameSentence(String tls, String message) throws IOException {
        Object block = JSON.readValue(tls.replace('\'', '"'), Object.class);
        if (block instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) map;
            assertThatThrownBy(() -> TlsConfigParser.fromMap(settings, "app.json")).isExactlyInstanceOf(TlsConfigException.class)
                    .hasMessage(message);
        }
    }

    static Stream<Arguments> refusedDocuments() {
        return Stream.of(
                argumentSet("fail/empty-document", " \n", "app.json is empty."),
                argumentSet("fail/not-json", "{'security': {'tls': }}",
                        "app.json is not valid JSON: Unexpected character ('}' (code 125)): expected a value (line 1, column 22)."),
                argumentSet("fail/trailing-content", "{} {}", "app.json is not valid JSON: more follows the top-level value (line 1, column 4)."),
                argumentSet("fail/duplicate-key", "{'security': {'tls': {'server': {'enabled': false, 'enabled': true}}}}",
                        "The key \"security.tls.server.enabled\" appears more than once in app.json."),
                argumentSet("fail/root-is-a-list", "[{'security': {}}]", "app.json must hold a JSON object, but it holds a list."),
                argumentSet("fail/security-not-object", "{'security': 'tls'}",
                        "The value of \"security\" in app.json must be an object, not the string \"tls\"."),
                argumentSet("fail/tls-null", "{'security': {'tls': null}}", "The value of \"security.tls\" in app.json must be an object, not null."));
    }

    @ParameterizedTest
    @MethodSource("refusedDocuments")
    void refusesBadDocuments(String json, String message) {
        byte[] bytes = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TlsConfigParser.parse(bytes, "app.json")).isExactlyInstanceOf(TlsConfigException.class).hasMessage(message);
    }

    @Test
    void aConfigWithoutSecurityTlsHasNoTlsSettings() {
        byte[] noSecurity = "{\"components\": []}".getBytes(StandardCharsets.UTF_8);
        byte[] noTls = "{\"security\": {\"auth\": {\"anything\": 1}}}".getBytes(StandardCharsets.UTF_8);
        assertThat(TlsConfigParser.parse(noSecurity, "app.json")).isEqualTo(TlsConfig.NONE);
        assertThat(TlsConfigParser.parse(noTls, "app.json")).isEqualTo(TlsConfig.NONE);
        assertThat(TlsConfigParser.fromMap(null, "app.json")).isEqualTo(TlsConfig.NONE);
        assertThat(TlsConfig.NONE.serverTlsEnabled()).isFalse();
    }

    @Test
    void aHostMayKeepTheBlockAtItsOwnPath() {
        Map<String, Object> tls = Map.of("server", Map.of("enabled", true, "mode", "acme"));
        assertThatThrownBy(() -> TlsConfigParser.fromMap(tls, "host.yaml", "services.web.tls")).hasMessage(
                "\"services.web.tls.server.acme\" in host.yaml is required when mode is \"acme\".");
    }

    @Test
    void fromMapReadsWhatAHostBuilt() {
        Map<String, Object> tls = Map.of("server", Map.of("enabled", true, "cert_file", "/c.crt", "key_file", "/c.key",
                "mtls", Map.of("enabled", true, "client_ca_files", List.of("/ca.crt"), "allowed_client_cns", List.of("a", "b"))));
        TlsConfig c = TlsConfigParser.fromMap(tls, "host.yaml");
        assertThat(c.serverTlsEnabled()).isTrue();
        assertThat(c.server().orElseThrow().mtlsEnabled()).isTrue();
        assertThat(c.server().orElseThrow().mtls().orElseThrow().allowedClientCns()).containsExactly("a", "b");
        assertThat(c).isEqualTo(parseTls("{'server': {'enabled': true, 'cert_file': '/c.crt', 'key_file': '/c.key',"
                + " 'mtls': {'enabled': true, 'client_ca_files': ['/ca.crt'], 'allowed_client_cns': ['a', 'b']}}}"));
    }

    @Test
    void recordsCopyTheirListsAndCannotBeChanged() {
        List<String> domains = new ArrayList<>(List.of("svc.local"));
        AcmeTls acme = new AcmeTls(true, Optional.empty(), Optional.empty(), domains, ChallengeType.HTTP_01, Duration.ofHours(8),
                Optional.empty(), Optional.empty(), Duration.ofHours(1), ":80", ":443");
        domains.add("other.local");
        assertThat(acme.domains()).containsExactly("svc.local");
        assertThatThrownBy(() -> acme.domains().add("x")).isInstanceOf(UnsupportedOperationException.class);

        List<Path> caFiles = new ArrayList<>(List.of(Path.of("a.crt")));
        MtlsConfig mtls = new MtlsConfig(true, caFiles, true, new ArrayList<>());
        caFiles.clear();
        assertThat(mtls.clientCaFiles()).containsExactly(Path.of("a.crt"));
        assertThatThrownBy(() -> mtls.allowedClientCns().add("x")).isInstanceOf(UnsupportedOperationException.class);

        TlsConfig parsed = TlsConfigParser.parse(resource("seed-configuration-reference.json"), "app.json");
        assertThatThrownBy(() -> parsed.client().orElseThrow().caFiles().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theAcmeBlockNamesItsChallengeResponderAddress() {
        AcmeTls acme = defaultAcme();
        assertThat(acme.challengeAddress()).isEqualTo(":80");
        AcmeTls alpn = new AcmeTls(true, acme.directoryUrl(), acme.email(), acme.domains(), ChallengeType.TLS_ALPN_01, acme.renewBefore(),
                acme.storagePath(), acme.caBundle(), acme.checkInterval(), acme.http01Address(), "127.0.0.1:8443");
        assertThat(alpn.challengeAddress()).isEqualTo("127.0.0.1:8443");
        assertThat(TlsVersion.TLS_1_3.protocolName()).isEqualTo("TLSv1.3");
    }
}

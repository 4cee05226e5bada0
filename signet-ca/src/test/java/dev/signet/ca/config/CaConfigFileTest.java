package dev.signet.ca.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CaConfigFileTest {
    private static final String MINIMAL = "{\"dnsNames\": [\"ca.example.com\"]}";

    private static final String FULL = """
            {
              "address": "127.0.0.1:8443",
              "dnsNames": ["ca.example.com", "10.0.0.5"],
              "root": "/etc/signet/root.crt",
              "crt": "certs/int.crt",
              "key": "secrets/int.key",
              "db": {"type": "sqlite", "dataSource": "/var/lib/signet/ca.db"},
              "tls": {"minVersion": 1.3, "maxVersion": 1.3, "cipherSuites": ["TLS_AES_128_GCM_SHA256"]},
              "authority": {
                "claims": {"defaultTLSCertDuration": "12h", "minTLSCertDuration": "1m", "maxTLSCertDuration": "48h"},
                "provisioners": [
                  {"name": "acme", "type": "ACME"},
                  {"name": "long-lived", "type": "ACME", "claims": {"defaultTLSCertDuration": "72h", "maxTLSCertDuration": "168h"}}
                ]
              },
              "logger": {"format": "json", "audit": {"enabled": true, "file": "/var/log/signet/audit.log"}}
            }
            """;

    private static CaConfig parse(String json) {
        return CaConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), "ca.json");
    }

    @Test
    void minimalConfigGetsAllDefaults() {
        CaConfig c = parse(MINIMAL);

        assertThat(c.address()).isEqualTo(":9000");
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.host()).isNull();
        assertThat(c.dnsNames()).containsExactly("ca.example.com");
        assertThat(c.root()).isEqualTo("certs/root_ca.crt");
        assertThat(c.crt()).isEqualTo("certs/intermediate_ca.crt");
        assertThat(c.key()).isEqualTo("secrets/intermediate_ca_key");
        assertThat(c.db()).isEqualTo(new CaConfig.Db("sqlite", "db/signet.db"));
        assertThat(c.tls()).isEqualTo(new CaConfig.Tls(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3, List.of()));
        assertThat(c.authority().claims()).isEqualTo(new Claims(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofHours(24)));
        assertThat(c.authority().claims()).isEqualTo(Claims.DEFAULTS);
        assertThat(c.authority().provisioners()).isEmpty();
        assertThat(c.logger()).isEqualTo(new CaConfig.Logger("text", new CaConfig.Audit(false, "logs/audit.log")));
        assertThat(c.defaultCertDuration()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void fullConfigIsReadAsWritten() {
        CaConfig c = parse(FULL);

        assertThat(c.address()).isEqualTo("127.0.0.1:8443");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.dnsNames()).containsExactly("ca.example.com", "10.0.0.5");
        assertThat(c.root()).isEqualTo("/etc/signet/root.crt");
        assertThat(c.crt()).isEqualTo("certs/int.crt");
        assertThat(c.key()).isEqualTo("secrets/int.key");
        assertThat(c.db()).isEqualTo(new CaConfig.Db("sqlite", "/var/lib/signet/ca.db"));
        assertThat(c.tls()).isEqualTo(new CaConfig.Tls(TlsVersion.TLS_1_3, TlsVersion.TLS_1_3, List.of("TLS_AES_128_GCM_SHA256")));
        assertThat(c.logger()).isEqualTo(new CaConfig.Logger("json", new CaConfig.Audit(true, "/var/log/signet/audit.log")));

        Claims global = new Claims(Duration.ofHours(12), Duration.ofMinutes(1), Duration.ofHours(48));
        assertThat(c.authority().claims()).isEqualTo(global);
        assertThat(c.defaultCertDuration()).isEqualTo(Duration.ofHours(12));
        ProvisionerConfig acme = c.authority().provisioners().get(0);
        ProvisionerConfig longLived = c.authority().provisioners().get(1);
        assertThat(acme).isEqualTo(new ProvisionerConfig("acme", "ACME", null));
        assertThat(c.claimsOf(acme)).isEqualTo(global);
        assertThat(c.claimsOf(longLived)).as("own default and max, min inherited from the authority")
                .isEqualTo(new Claims(Duration.ofHours(72), Duration.ofMinutes(1), Duration.ofHours(168)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[::1]:9000           | ::1           | 9000",
        "localhost:443        | localhost     | 443",
        "0.0.0.0:0            | 0.0.0.0       | 0",
        ":65535               |               | 65535",
    })
    void listenAddresses(String address, String host, int port) {
        CaConfig c = parse("{\"address\": \"" + address + "\", \"dnsNames\": [\"ca.example.com\"]}");
        assertThat(c.host()).isEqualTo(host);
        assertThat(c.port()).isEqualTo(port);
    }

    @Test
    void tlsVersionsAcceptNumbersAndStrings() {
        CaConfig c = parse("{\"dnsNames\": [\"ca.example.com\"], \"tls\": {\"minVersion\": 1.2, \"maxVersion\": \"1.3\"}}");
        assertThat(c.tls().minVersion()).isEqualTo(TlsVersion.TLS_1_2);
        assertThat(c.tls().maxVersion()).isEqualTo(TlsVersion.TLS_1_3);

        CaConfig jsse = parse("{\"dnsNames\": [\"ca.example.com\"], \"tls\": {\"minVersion\": \"TLSv1.3\", \"maxVersion\": \"1.3\"}}");
        assertThat(jsse.tls().minVersion()).isEqualTo(TlsVersion.TLS_1_3);
        assertThat(jsse.tls().minVersion().jsseName()).isEqualTo("TLSv1.3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void toJsonThenParseGivesTheSameConfig(String json) {
        CaConfig c = parse(json);
        byte[] written = CaConfigFile.toJson(c);
        assertThat(CaConfigFile.parse(written, "written.json")).isEqualTo(c);
        assertThat(new String(written, StandardCharsets.UTF_8))
                .contains("\"minVersion\" : 1.2", "\"defaultTLSCertDuration\" : \"24h\"")
                .endsWith("}\n");
    }

    static Stream<Arguments> roundTrips() {
        return Stream.of(argumentSet("minimal", MINIMAL),
                argumentSet("full", FULL.replace("\"minVersion\": 1.3", "\"minVersion\": 1.2")
                        .replace("\"defaultTLSCertDuration\": \"12h\"", "\"defaultTLSCertDuration\": \"24h\"")));
    }

    @Test
    void loadReadsAFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ca.json");
        Files.writeString(file, MINIMAL);
        assertThat(CaConfigFile.load(file).dnsNames()).containsExactly("ca.example.com");

        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> CaConfigFile.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The configuration file " + missing + " does not exist.");
    }

    @Test
    void writeIsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config/ca.json");
        CaConfigFile.write(parse(MINIMAL), file);
        assertThat(CaConfigFile.load(file)).isEqualTo(parse(MINIMAL));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private static String withNames(String rest) {
        return "{\"dnsNames\": [\"ca.example.com\"], " + rest + "}";
    }

    private static String invalid(String key, String reason) {
        return "The value of \"" + key + "\" in ca.json is invalid: " + reason + ".";
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                argumentSet("fail/unknown-top-level-key", withNames("\"adress\": \":9000\""),
                        "The key \"adress\" in ca.json is not a known setting."),
                argumentSet("fail/unknown-nested-key", withNames("\"authority\": {\"claims\": {\"foo\": \"1h\"}}"),
                        "The key \"authority.claims.foo\" in ca.json is not a known setting."),
                argumentSet("fail/unknown-key-in-provisioner", withNames("\"authority\": {\"provisioners\": [{\"name\": \"a\", \"type\": \"ACME\", \"claim\": {}}]}"),
                        "The key \"authority.provisioners[0].claim\" in ca.json is not a known setting."),
                argumentSet("fail/bad-duration", withNames("\"authority\": {\"claims\": {\"maxTLSCertDuration\": \"1d\"}}"),
                        invalid("authority.claims.maxTLSCertDuration",
                                "\"1d\" is not a duration; write it like 24h, 90m or 1h30m (units h, m, s, ms)")),
                argumentSet("fail/duration-as-number", withNames("\"authority\": {\"claims\": {\"defaultTLSCertDuration\": 24}}"),
                        invalid("authority.claims.defaultTLSCertDuration", "a duration must be a string like \"24h\" or \"90m\"")),
                argumentSet("fail/bad-duration-in-provisioner", withNames("\"authority\": {\"provisioners\": [{\"name\": \"a\", \"type\": \"ACME\", \"claims\": {\"minTLSCertDuration\": \"-5m\"}}]}"),
                        invalid("authority.provisioners[0].claims.minTLSCertDuration",
                                "\"-5m\" is not a duration; write it like 24h, 90m or 1h30m (units h, m, s, ms)")),
                argumentSet("fail/wrong-type-array-for-string", withNames("\"address\": [\":9000\"]"),
                        invalid("address", "it has the wrong type (got Array value)")),
                argumentSet("fail/wrong-type-object-for-list", withNames("\"authority\": {\"provisioners\": {}}"),
                        invalid("authority.provisioners", "it has the wrong type (got Object value)")),
                argumentSet("fail/wrong-type-string-for-list", "{\"dnsNames\": \"ca.example.com\"}",
                        invalid("dnsNames", "it has the wrong type (got String value)")),
                argumentSet("fail/wrong-type-string-for-boolean", withNames("\"logger\": {\"audit\": {\"enabled\": \"yes\"}}"),
                        invalid("logger.audit.enabled", "it has the wrong type (got String \"yes\")")),
                argumentSet("fail/bad-address-no-port", withNames("\"address\": \"9000\""),
                        invalid("address", "\"9000\" is not a listen address like :9000 or 127.0.0.1:9000")),
                argumentSet("fail/bad-address-port-too-big", withNames("\"address\": \":65536\""),
                        invalid("address", "\":65536\" is not a listen address like :9000 or 127.0.0.1:9000")),
                argumentSet("fail/bad-address-unbracketed-ipv6", withNames("\"address\": \"::1:9000\""),
                        invalid("address", "\"::1:9000\" is not a listen address like :9000 or 127.0.0.1:9000")),
                argumentSet("fail/no-dnsNames", "{}",
                        invalid("dnsNames", "it must name at least one DNS name or IP the CA serves HTTPS for")),
                argumentSet("fail/empty-dnsNames", "{\"dnsNames\": []}",
                        invalid("dnsNames", "it must name at least one DNS name or IP the CA serves HTTPS for")),
                argumentSet("fail/bad-dnsName", "{\"dnsNames\": [\"ca.example.com\", \"bad..name\"]}",
                        invalid("dnsNames[1]", "The DNS name \"bad..name\" has an empty label")),
                argumentSet("fail/email-as-dnsName", "{\"dnsNames\": [\"ops@example.com\"]}",
                        invalid("dnsNames[0]", "\"ops@example.com\" is not a DNS name or IP address")),
                argumentSet("fail/tls-version-1.1", withNames("\"tls\": {\"minVersion\": 1.1}"),
                        invalid("tls.minVersion", "\"1.1\" is not a supported TLS version; use 1.2 or 1.3")),
                argumentSet("fail/tls-version-garbage", withNames("\"tls\": {\"maxVersion\": \"latest\"}"),
                        invalid("tls.maxVersion", "\"latest\" is not a supported TLS version; use 1.2 or 1.3")),
                argumentSet("fail/tls-min-above-max", withNames("\"tls\": {\"minVersion\": \"1.3\", \"maxVersion\": 1.2}"),
                        invalid("tls.minVersion", "it is above tls.maxVersion")),
                argumentSet("fail/unknown-cipher-suite", withNames("\"tls\": {\"cipherSuites\": [\"TLS_AES_128_GCM_SHA256\", \"TLS_FOO\"]}"),
                        invalid("tls.cipherSuites[1]", "\"TLS_FOO\" is not a cipher suite this JVM supports")),
                argumentSet("fail/db-postgres", withNames("\"db\": {\"type\": \"postgres\"}"),
                        invalid("db.type", "\"postgres\" is not a supported database; use sqlite")),
                argumentSet("fail/db-blank-dataSource", withNames("\"db\": {\"dataSource\": \" \"}"),
                        invalid("db.dataSource", "it must name the database file")),
                argumentSet("fail/duplicate-provisioner", withNames("\"authority\": {\"provisioners\": [{\"name\": \"acme\", \"type\": \"ACME\"}, {\"name\": \"acme\", \"type\": \"ACME\"}]}"),
                        invalid("authority.provisioners[1].name", "the name \"acme\" is used twice")),
                argumentSet("fail/provisioner-type-JWK", withNames("\"authority\": {\"provisioners\": [{\"name\": \"jwk\", \"type\": \"JWK\"}]}"),
                        invalid("authority.provisioners[0].type", "\"JWK\" is not a supported provisioner type; use ACME")),
                argumentSet("fail/provisioner-without-name", withNames("\"authority\": {\"provisioners\": [{\"type\": \"ACME\"}]}"),
                        invalid("authority.provisioners[0].name",
                                "a provisioner needs a name of letters, digits, '.', '_' or '-' (at most 64)")),
                argumentSet("fail/provisioner-name-with-slash", withNames("\"authority\": {\"provisioners\": [{\"name\": \"a/b\", \"type\": \"ACME\"}]}"),
                        invalid("authority.provisioners[0].name",
                                "a provisioner needs a name of letters, digits, '.', '_' or '-' (at most 64)")),
                argumentSet("fail/null-provisioner", withNames("\"authority\": {\"provisioners\": [null]}"),
                        invalid("authority.provisioners[0]", "it is null")),
                argumentSet("fail/default-above-max", withNames("\"authority\": {\"claims\": {\"defaultTLSCertDuration\": \"48h\"}}"),
                        invalid("authority.claims.defaultTLSCertDuration", "48h is outside minTLSCertDuration 5m to maxTLSCertDuration 24h")),
                argumentSet("fail/default-below-min", withNames("\"authority\": {\"claims\": {\"defaultTLSCertDuration\": \"1m\"}}"),
                        invalid("authority.claims.defaultTLSCertDuration", "1m is outside minTLSCertDuration 5m to maxTLSCertDuration 24h")),
                argumentSet("fail/max-below-min", withNames("\"authority\": {\"claims\": {\"minTLSCertDuration\": \"2h\", \"maxTLSCertDuration\": \"1h\"}}"),
                        invalid("authority.claims.maxTLSCertDuration", "1h is below minTLSCertDuration 2h")),
                argumentSet("fail/zero-min", withNames("\"authority\": {\"claims\": {\"minTLSCertDuration\": \"0\"}}"),
                        invalid("authority.claims.minTLSCertDuration", "it must be positive")),
                argumentSet("fail/provisioner-default-above-inherited-max", withNames("\"authority\": {\"provisioners\": [{\"name\": \"a\", \"type\": \"ACME\", \"claims\": {\"defaultTLSCertDuration\": \"25h\"}}]}"),
                        invalid("authority.provisioners[0].claims.defaultTLSCertDuration", "25h is outside minTLSCertDuration 5m to maxTLSCertDuration 24h")),
                argumentSet("fail/logger-format-xml", withNames("\"logger\": {\"format\": \"xml\"}"),
                        invalid("logger.format", "\"xml\" is not a log format; use text or json")),
                argumentSet("fail/audit-enabled-without-file", withNames("\"logger\": {\"audit\": {\"enabled\": true, \"file\": \"\"}}"),
                        invalid("logger.audit.file", "it must name a file when the audit log is enabled")),
                argumentSet("fail/malformed-json", "{\"dnsNames\": [\"ca.example.com\"], \"address\": :9000}",
                        "ca.json is not valid JSON at line 1, column 45: Unexpected character (':' (code 58)): expected a valid value"
                                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')."),
                argumentSet("fail/malformed-json-second-line", "{\n  \"dnsNames\": [\"ca.example.com\",]\n}",
                        "ca.json is not valid JSON at line 2, column 33: Unexpected character (']' (code 93)): expected a value."),
                argumentSet("fail/trailing-content", MINIMAL + " {}",
                        invalid("(top level)", "Trailing token (of type START_OBJECT) found after value (bound as `dev.signet.ca.config.CaConfig`):"
                                + " not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`")),
                argumentSet("fail/null", "null", "ca.json is empty."),
                argumentSet("fail/empty-file", "", "ca.json is empty."),
                argumentSet("fail/whitespace-only", " \n", "ca.json is empty."));
    }

    @ParameterizedTest
    @MethodSource("invalidConfigs")
    void invalidConfigsAreRejectedWithOneSentence(String json, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}

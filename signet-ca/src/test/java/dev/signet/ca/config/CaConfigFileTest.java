package dev.signet.ca.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    /** Seed 000's shape: {@code acme} with 24h certificates and profiles, {@code acme-cloud} with 48h ones. */
    private static final String ACME = """
            {
              "dnsNames": ["ca.internal.example.com", "10.0.0.5"],
              "authority": {
                "provisioners": [
                  {
                    "name": "acme", "type": "ACME",
                    "termsOfService": "https://ca.internal.example.com/terms",
                    "profiles": {
                      "tlsserver": {"description": "TLS server certificates", "duration": "12h", "extendedKeyUsages": ["serverAuth"]},
                      "short": {"description": "One-hour certificates", "duration": "1h"},
                      "plain": {}
                    },
                    "defaultProfile": "tlsserver",
                    "limits": {"pendingOrdersPerAccount": 50, "ordersPerWindow": 200, "window": "3h", "maxRequestBytes": 32768}
                  },
                  {
                    "name": "acme-cloud", "type": "ACME", "requireEAB": true,
                    "claims": {"defaultTLSCertDuration": "48h", "maxTLSCertDuration": "48h"},
                    "profiles": {"full": {"duration": "48h", "extendedKeyUsages": ["serverAuth", "clientAuth"]}},
                    "limits": {"pendingOrdersPerAccount": 1}
                  }
                ]
              },
              "acme": {"validation": {"http01Port": 8080, "tlsAlpn01Port": 8443,
                                      "dnsResolvers": ["10.0.0.53:53", "[2001:db8::53]:5353", "dns.internal.example.com:53"],
                                      "timeout": "20s"}}
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
        assertThat(c.logger()).isEqualTo(new CaConfig.Logger("text", new CaConfig.Audit(false, "logs/audit.log", 30, "100MB")));
        assertThat(c.defaultCertDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(c.acme()).isEqualTo(new CaConfig.Acme(new CaConfig.Validation(80, 443, List.of(), Duration.ofSeconds(10))));
    }

    /** acme.validation as written; each setting left out gets its default (80, 443, system resolver, 10s). */
    static Stream<Arguments> acmeValidationDefaults() {
        return Stream.of(
                argumentSet("no-acme", "", new CaConfig.Validation(80, 443, List.of(), Duration.ofSeconds(10))),
                argumentSet("empty-acme", "\"acme\": {}", new CaConfig.Validation(80, 443, List.of(), Duration.ofSeconds(10))),
                argumentSet("empty-validation", "\"acme\": {\"validation\": {}}",
                        new CaConfig.Validation(80, 443, List.of(), Duration.ofSeconds(10))),
                argumentSet("only-http01Port", "\"acme\": {\"validation\": {\"http01Port\": 5002}}",
                        new CaConfig.Validation(5002, 443, List.of(), Duration.ofSeconds(10))),
                argumentSet("only-timeout", "\"acme\": {\"validation\": {\"timeout\": \"1m30s\"}}",
                        new CaConfig.Validation(80, 443, List.of(), Duration.ofSeconds(90))),
                argumentSet("edge-ports", "\"acme\": {\"validation\": {\"http01Port\": 1, \"tlsAlpn01Port\": 65535, \"dnsResolvers\": []}}",
                        new CaConfig.Validation(1, 65535, List.of(), Duration.ofSeconds(10))));
    }

    @ParameterizedTest
    @MethodSource("acmeValidationDefaults")
    void acmeValidationSettingsGetDefaults(String acme, CaConfig.Validation expected) {
        CaConfig c = parse(acme.isEmpty() ? MINIMAL : withNames(acme));
        assertThat(c.acme()).isEqualTo(new CaConfig.Acme(expected));
    }

    @Test
    void acmeConfigIsReadAsWritten() {
        CaConfig c = parse(ACME);

        assertThat(c.acme().validation()).isEqualTo(new CaConfig.Validation(8080, 8443,
                List.of("10.0.0.53:53", "[2001:db8::53]:5353", "dns.internal.example.com:53"), Duration.ofSeconds(20)));
        ProvisionerConfig acme = c.authority().provisioners().get(0);
        ProvisionerConfig cloud = c.authority().provisioners().get(1);
        assertThat(acme).isEqualTo(new ProvisionerConfig("acme", "ACME", null, null, "https://ca.internal.example.com/terms",
                Map.of("tlsserver", new ProfileConfig("TLS server certificates", Duration.ofHours(12), List.of("serverAuth")),
                        "short", new ProfileConfig("One-hour certificates", Duration.ofHours(1), null),
                        "plain", new ProfileConfig(null, null, null)),
                "tlsserver", new LimitsConfig(50, 200, Duration.ofHours(3), 32768)));
        assertThat(c.claimsOf(acme)).isEqualTo(Claims.DEFAULTS);
        assertThat(cloud).isEqualTo(new ProvisionerConfig("acme-cloud", "ACME",
                new Claims(Duration.ofHours(48), null, Duration.ofHours(48)), true, null,
                Map.of("full", new ProfileConfig(null, Duration.ofHours(48), List.of("serverAuth", "clientAuth"))), null,
                new LimitsConfig(1, null, null, null)));
        assertThat(c.claimsOf(cloud)).isEqualTo(new Claims(Duration.ofHours(48), Duration.ofMinutes(5), Duration.ofHours(48)));
        assertThat(cloud.limits().withDefaults()).as("the file keeps what was written; defaults come at use")
                .isEqualTo(new LimitsConfig(1, 1000, Duration.ofHours(1), 65536));

        String written = new String(CaConfigFile.toJson(c), StandardCharsets.UTF_8);
        assertThat(written).contains("\"requireEAB\" : true", "\"duration\" : \"12h\"", "\"window\" : \"3h\"", "\"timeout\" : \"20s\"")
                .doesNotContain("\"requireEAB\" : null", "\"description\" : null");
    }

    @Test
    void topLevelKeysAreTheRecordsComponents() {
        assertThat(CaConfigFile.topLevelKeys())
                .containsExactlyElementsOf(Stream.of(CaConfig.class.getRecordComponents()).map(RecordComponent::getName).toList());
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
        assertThat(c.logger()).isEqualTo(new CaConfig.Logger("json", new CaConfig.Audit(true, "/var/log/signet/audit.log", 30, "100MB")));

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
        return Stream.of(argumentSet("minimal", MINIMAL), argumentSet("acme-seed-000", ACME),
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

    @Test
    void aPostgresqlDatabaseKeepsItsPoolAndLeaseSettings() {
        CaConfig c = parse(withNames("\"db\": {\"type\": \"postgresql\", \"dataSource\": \"jdbc:postgresql://db.internal:5432/signet?user=signet\","
                + " \"passwordFile\": \"secrets/db-password\", \"maxConnections\": 20, \"leaseDuration\": \"45s\"}"));
        assertThat(c.db()).isEqualTo(new CaConfig.Db("postgresql", "jdbc:postgresql://db.internal:5432/signet?user=signet",
                "secrets/db-password", 20, Duration.ofSeconds(45)));
        assertThat(c.db().usesPostgresql()).isTrue();
        assertThat(c.db().poolSize()).isEqualTo(20);
        assertThat(c.db().lease()).isEqualTo(Duration.ofSeconds(45));
        assertThat(parse(MINIMAL).db().lease()).isEqualTo(CaConfig.Db.DEFAULT_LEASE);
        assertThat(parse(MINIMAL).db().poolSize()).isEqualTo(CaConfig.Db.DEFAULT_MAX_CONNECTIONS);
    }

    private static String withNames(String rest) {
        return "{\"dnsNames\": [\"ca.example.com\"], " + rest + "}";
    }

    /** A config whose acme.validation holds {@code settings}. */
    private static String validation(String settings) {
        return withNames("\"acme\": {\"validation\": {" + settings + "}}");
    }

    private static String invalidValidation(String key, String reason) {
        return invalid("acme.validation." + key, reason);
    }

    /** The error for a key of the first provisioner. */
    private static String invalidIn(String key, String reason) {
        return invalid("authority.provisioners[0]." + key, reason);
    }

    /** A config with one ACME provisioner "a" holding {@code settings}. */
    private static String acmeProvisioner(String settings) {
        return withNames("\"authority\": {\"provisioners\": [{\"name\": \"a\", \"type\": \"ACME\", " + settings + "}]}");
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
                        invalid("db.type", "\"postgres\" is not a supported database; use sqlite or postgresql")),
                argumentSet("fail/db-postgresql-file", withNames("\"db\": {\"type\": \"postgresql\", \"dataSource\": \"db/signet.db\"}"),
                        invalid("db.dataSource", "for PostgreSQL it must be a JDBC URL like jdbc:postgresql://host:5432/signet?user=signet")),
                argumentSet("fail/db-password-in-url", withNames("\"db\": {\"type\": \"postgresql\", \"dataSource\": \"jdbc:postgresql://db:5432/signet?user=signet&Password=hunter2\"}"),
                        invalid("db.dataSource", "it must not hold the password; put it in the file named by db.passwordFile or in SIGNET_DB_PASSWORD")),
                argumentSet("fail/db-sqlite-password", withNames("\"db\": {\"passwordFile\": \"secrets/db\"}"),
                        invalid("db.passwordFile", "SQLite takes no password; remove it")),
                argumentSet("fail/db-pool-of-one", withNames("\"db\": {\"type\": \"postgresql\", \"dataSource\": \"jdbc:postgresql://db/signet\", \"maxConnections\": 1}"),
                        invalid("db.maxConnections", "it must be between 2 and 200")),
                argumentSet("fail/db-lease-too-short", withNames("\"db\": {\"leaseDuration\": \"500ms\"}"),
                        invalid("db.leaseDuration", "it must be between 1s and 10m")),
                argumentSet("fail/db-blank-dataSource", withNames("\"db\": {\"dataSource\": \" \"}"),
                        invalid("db.dataSource", "it must name the database file")),
                argumentSet("fail/duplicate-provisioner", withNames("\"authority\": {\"provisioners\": [{\"name\": \"acme\", \"type\": \"ACME\"}, {\"name\": \"acme\", \"type\": \"ACME\"}]}"),
                        invalid("authority.provisioners[1].name", "the name \"acme\" is used twice")),
                argumentSet("fail/provisioner-type-OIDC", withNames("\"authority\": {\"provisioners\": [{\"name\": \"oidc\", \"type\": \"OIDC\"}]}"),
                        invalid("authority.provisioners[0].type", "\"OIDC\" is not a supported provisioner type; use ACME or JWK")),
                argumentSet("fail/jwk-without-key", withNames("\"authority\": {\"provisioners\": [{\"name\": \"jwk\", \"type\": \"JWK\"}]}"),
                        invalid("authority.provisioners[0].key", "a JWK provisioner needs its public key")),
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
                argumentSet("fail/http01Port-0", validation("\"http01Port\": 0"),
                        invalidValidation("http01Port", "it must be a port from 1 to 65535")),
                argumentSet("fail/http01Port-70000", validation("\"http01Port\": 70000"),
                        invalidValidation("http01Port", "it must be a port from 1 to 65535")),
                argumentSet("fail/tlsAlpn01Port-0", validation("\"tlsAlpn01Port\": 0"),
                        invalidValidation("tlsAlpn01Port", "it must be a port from 1 to 65535")),
                argumentSet("fail/tlsAlpn01Port-70000", validation("\"tlsAlpn01Port\": 70000"),
                        invalidValidation("tlsAlpn01Port", "it must be a port from 1 to 65535")),
                argumentSet("fail/resolver-without-port", validation("\"dnsResolvers\": [\"10.0.0.53\"]"),
                        invalidValidation("dnsResolvers[0]", "\"10.0.0.53\" is not a host:port like 127.0.0.1:53")),
                argumentSet("fail/resolver-without-host", validation("\"dnsResolvers\": [\"10.0.0.53:53\", \":53\"]"),
                        invalidValidation("dnsResolvers[1]", "\":53\" is not a host:port like 127.0.0.1:53")),
                argumentSet("fail/resolver-port-too-big", validation("\"dnsResolvers\": [\"10.0.0.53:65536\"]"),
                        invalidValidation("dnsResolvers[0]", "\"10.0.0.53:65536\" is not a host:port like 127.0.0.1:53")),
                argumentSet("fail/resolver-unbracketed-ipv6", validation("\"dnsResolvers\": [\"2001:db8::53:53\"]"),
                        invalidValidation("dnsResolvers[0]", "\"2001:db8::53:53\" is not a host:port like 127.0.0.1:53")),
                argumentSet("fail/validation-timeout-zero", validation("\"timeout\": \"0s\""),
                        invalidValidation("timeout", "it must be positive")),
                argumentSet("fail/validation-timeout-negative", validation("\"timeout\": \"-10s\""),
                        invalidValidation("timeout",
                                "\"-10s\" is not a duration; write it like 24h, 90m or 1h30m (units h, m, s, ms)")),
                argumentSet("fail/validation-timeout-number", validation("\"timeout\": 10"),
                        invalidValidation("timeout", "a duration must be a string like \"24h\" or \"90m\"")),
                argumentSet("fail/unknown-key-in-validation", validation("\"httpPort\": 80"),
                        "The key \"acme.validation.httpPort\" in ca.json is not a known setting."),
                argumentSet("fail/unknown-key-in-acme", withNames("\"acme\": {\"validations\": {}}"),
                        "The key \"acme.validations\" in ca.json is not a known setting."),
                argumentSet("fail/profile-duration-above-claims", acmeProvisioner("\"profiles\": {\"long\": {\"duration\": \"48h\"}}"),
                        invalidIn("profiles.long.duration", "48h is outside the provisioner's claims, 5m to 24h")),
                argumentSet("fail/profile-duration-below-claims", acmeProvisioner("\"profiles\": {\"tiny\": {\"duration\": \"1m\"}}"),
                        invalidIn("profiles.tiny.duration", "1m is outside the provisioner's claims, 5m to 24h")),
                argumentSet("fail/profile-duration-above-own-claims", acmeProvisioner("\"claims\": {\"defaultTLSCertDuration\": \"48h\","
                        + " \"maxTLSCertDuration\": \"48h\"}, \"profiles\": {\"long\": {\"duration\": \"72h\"}}"),
                        invalidIn("profiles.long.duration", "72h is outside the provisioner's claims, 5m to 48h")),
                argumentSet("fail/unknown-eku", acmeProvisioner("\"profiles\": {\"p\": {\"extendedKeyUsages\": [\"serverAuth\", \"anyUsage\"]}}"),
                        invalidIn("profiles.p.extendedKeyUsages[1]",
                                "\"anyUsage\" is not an extended key usage; use serverAuth, clientAuth, codeSigning, emailProtection or ocspSigning")),
                argumentSet("fail/profile-name-with-space", acmeProvisioner("\"profiles\": {\"tls server\": {}}"),
                        invalidIn("profiles.tls server",
                                "a profile needs a name of letters, digits, '.', '_' or '-' (at most 64)")),
                argumentSet("fail/null-profile", acmeProvisioner("\"profiles\": {\"p\": null}"),
                        invalidIn("profiles.p", "it is null")),
                argumentSet("fail/unknown-key-in-profile", acmeProvisioner("\"profiles\": {\"p\": {\"lifetime\": \"1h\"}}"),
                        "The key \"authority.provisioners[0].profiles.p.lifetime\" in ca.json is not a known setting."),
                argumentSet("fail/defaultProfile-not-a-profile", acmeProvisioner("\"profiles\": {\"p\": {}}, \"defaultProfile\": \"gold\""),
                        invalidIn("defaultProfile", "\"gold\" is not one of the provisioner's profiles")),
                argumentSet("fail/defaultProfile-without-profiles", acmeProvisioner("\"defaultProfile\": \"p\""),
                        invalidIn("defaultProfile", "\"p\" is not one of the provisioner's profiles")),
                argumentSet("fail/limits-pending-0", acmeProvisioner("\"limits\": {\"pendingOrdersPerAccount\": 0}"),
                        invalidIn("limits.pendingOrdersPerAccount", "it must be at least 1")),
                argumentSet("fail/limits-orders-per-window-0", acmeProvisioner("\"limits\": {\"ordersPerWindow\": 0}"),
                        invalidIn("limits.ordersPerWindow", "it must be at least 1")),
                argumentSet("fail/limits-window-0", acmeProvisioner("\"limits\": {\"window\": \"0s\"}"),
                        invalidIn("limits.window", "it must be positive")),
                argumentSet("fail/limits-max-request-bytes-1023", acmeProvisioner("\"limits\": {\"maxRequestBytes\": 1023}"),
                        invalidIn("limits.maxRequestBytes", "it must be at least 1024")),
                argumentSet("fail/unknown-key-in-limits", acmeProvisioner("\"limits\": {\"maxOrders\": 5}"),
                        "The key \"authority.provisioners[0].limits.maxOrders\" in ca.json is not a known setting."),
                argumentSet("fail/termsOfService-relative", acmeProvisioner("\"termsOfService\": \"/terms\""),
                        invalidIn("termsOfService", "\"/terms\" is not an absolute http or https URL")),
                argumentSet("fail/termsOfService-ftp", acmeProvisioner("\"termsOfService\": \"ftp://example.com/terms\""),
                        invalidIn("termsOfService", "\"ftp://example.com/terms\" is not an absolute http or https URL")),
                argumentSet("fail/termsOfService-not-a-uri", acmeProvisioner("\"termsOfService\": \"https://example.com/our terms\""),
                        invalidIn("termsOfService",
                                "\"https://example.com/our terms\" is not an absolute http or https URL")),
                argumentSet("fail/requireEAB-string", acmeProvisioner("\"requireEAB\": \"yes\""),
                        invalidIn("requireEAB", "it has the wrong type (got String \"yes\")")),
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

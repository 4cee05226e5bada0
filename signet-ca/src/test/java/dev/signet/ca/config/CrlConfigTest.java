package dev.signet.ca.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code crl} block of {@code ca.json}: defaults, what is read, and the whole error sentence for bad values. */
class CrlConfigTest {
    private static CaConfig parse(String crl) {
        String json = "{\"dnsNames\": [\"ca.example.com\"]" + (crl == null ? "" : ", \"crl\": " + crl) + "}";
        return CaConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), "ca.json");
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                argumentSet("ok/no-crl-block", null, new CrlConfig(true, null, Duration.ofHours(24), null), List.of()),
                argumentSet("ok/empty-crl-block", "{}", new CrlConfig(true, null, Duration.ofHours(24), null), List.of()),
                argumentSet("ok/everything", "{\"enabled\": true, \"url\": \"http://ca.example.com:9001/crl\", \"cacheDuration\": \"6h\","
                        + " \"httpAddress\": \":9001\"}",
                        new CrlConfig(true, "http://ca.example.com:9001/crl", Duration.ofHours(6), ":9001"),
                        List.of("http://ca.example.com:9001/crl")),
                argumentSet("ok/https-url-and-bracketed-ipv6", "{\"url\": \"https://ca.example.com/crl\", \"httpAddress\": \"[::1]:8080\"}",
                        new CrlConfig(true, "https://ca.example.com/crl", Duration.ofHours(24), "[::1]:8080"),
                        List.of("https://ca.example.com/crl")),
                argumentSet("ok/disabled-names-no-distribution-point", "{\"enabled\": false, \"url\": \"http://ca.example.com/crl\"}",
                        new CrlConfig(false, "http://ca.example.com/crl", Duration.ofHours(24), null), List.of()));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void readsTheCrlBlockWithDefaults(String crl, CrlConfig expected, List<String> distributionPoints) {
        CaConfig c = parse(crl);
        assertThat(c.crl()).isEqualTo(expected);
        assertThat(c.crl().isEnabled()).isEqualTo(expected.enabled());
        assertThat(c.crl().distributionPoints()).isEqualTo(distributionPoints);
    }

    @Test
    void writtenAndReadAgainItIsTheSame() {
        CaConfig c = parse("{\"url\": \"http://ca.example.com/crl\", \"cacheDuration\": \"90m\", \"httpAddress\": \"127.0.0.1:9001\"}");
        String json = new String(CaConfigFile.toJson(c), StandardCharsets.UTF_8);
        assertThat(json).contains("\"cacheDuration\" : \"1h30m\"").doesNotContain("distributionPoints", "isEnabled");
        assertThat(CaConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), "ca.json")).isEqualTo(c);
    }

    @Test
    void listenAddressHelpersSplitHostAndPort() {
        assertThat(CaConfig.hostOf(":9001")).isNull();
        assertThat(CaConfig.portOf(":9001")).isEqualTo(9001);
        assertThat(CaConfig.hostOf("[::1]:9001")).isEqualTo("::1");
        assertThat(CaConfig.hostOf("127.0.0.1:0")).isEqualTo("127.0.0.1");
        assertThat(CaConfig.portOf("127.0.0.1:0")).isZero();
    }

    private static String invalid(String key, String reason) {
        return "The value of \"" + key + "\" in ca.json is invalid: " + reason + ".";
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                argumentSet("fail/cacheDuration-zero", "{\"cacheDuration\": \"0s\"}", invalid("crl.cacheDuration", "it must be at least 1m")),
                argumentSet("fail/cacheDuration-seconds", "{\"cacheDuration\": \"30s\"}", invalid("crl.cacheDuration", "it must be at least 1m")),
                argumentSet("fail/cacheDuration-negative", "{\"cacheDuration\": \"-1h\"}", invalid("crl.cacheDuration",
                        "\"-1h\" is not a duration; write it like 24h, 90m or 1h30m (units h, m, s, ms)")),
                argumentSet("fail/cacheDuration-number", "{\"cacheDuration\": 86400}", invalid("crl.cacheDuration",
                        "a duration must be a string like \"24h\" or \"90m\"")),
                argumentSet("fail/url-relative", "{\"url\": \"/crl\"}", invalid("crl.url", "\"/crl\" is not an absolute http or https URL")),
                argumentSet("fail/url-ldap", "{\"url\": \"ldap://ca.example.com/cn=crl\"}",
                        invalid("crl.url", "\"ldap://ca.example.com/cn=crl\" is not an absolute http or https URL")),
                argumentSet("fail/url-not-a-uri", "{\"url\": \"http://ca.example.com/the crl\"}",
                        invalid("crl.url", "\"http://ca.example.com/the crl\" is not an absolute http or https URL")),
                argumentSet("fail/url-without-host", "{\"url\": \"http:/crl\"}",
                        invalid("crl.url", "\"http:/crl\" is not an absolute http or https URL")),
                argumentSet("fail/httpAddress-without-port", "{\"httpAddress\": \"9001\"}",
                        invalid("crl.httpAddress", "\"9001\" is not a listen address like :9001 or 127.0.0.1:9001")),
                argumentSet("fail/httpAddress-port-too-big", "{\"httpAddress\": \":65536\"}",
                        invalid("crl.httpAddress", "\":65536\" is not a listen address like :9001 or 127.0.0.1:9001")),
                argumentSet("fail/enabled-string", "{\"enabled\": \"yes\"}",
                        invalid("crl.enabled", "it has the wrong type (got String \"yes\")")),
                argumentSet("fail/unknown-key", "{\"distributionPoint\": \"http://ca.example.com/crl\"}",
                        "The key \"crl.distributionPoint\" in ca.json is not a known setting."));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void badCrlSettingsAreNamedInOneSentence(String crl, String message) {
        assertThatThrownBy(() -> parse(crl)).isInstanceOf(ConfigException.class).hasMessage(message);
    }
}

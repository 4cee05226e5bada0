package dev.signet.ca.va;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.error.Problem;
import dev.signet.ca.testing.PebbleChallTestServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dns-01 against a real DNS server, pebble-challtestsrv, whose TXT records each case sets. */
class Dns01ValidatorTest {
    private static final String KEY_AUTHORIZATION = "token.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
    private static final String EXPECTED = Texts.dnsTxtValue(KEY_AUTHORIZATION);

    private static PebbleChallTestServer dns;
    private static Dns01Validator validator;

    @BeforeAll
    static void startDns() throws Exception {
        dns = PebbleChallTestServer.start();
        ValidationSettings settings = new ValidationSettings(80, 443, List.of(dns.dnsAddress()), Duration.ofSeconds(5));
        validator = new Dns01Validator(settings, new NameResolver(settings.dnsResolvers(), settings.timeout()));
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) dns.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ok.example.test", List.of(EXPECTED), null, null),
                Arguments.of("several.example.test", List.of("unrelated", EXPECTED, "another"), null, null),
                Arguments.of("wrong.example.test", List.of("not-the-digest"), Problem.INCORRECT_RESPONSE,
                        "The TXT records at _acme-challenge.wrong.example.test are \"not-the-digest\"; none is the "
                                + "expected \"" + EXPECTED + "\"."),
                Arguments.of("none.example.test", List.of(), Problem.DNS,
                        "No TXT record was found at _acme-challenge.none.example.test."));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void findsTheDigestAmongTheTxtRecords(String identifier, List<String> records, Problem problem, String detail)
            throws Exception {
        String name = Dns01Validator.LABEL + identifier;
        dns.clearTxt(name);
        for (String record : records) dns.setTxt(name, record);

        ValidationResult result = validator.validate(request("dns", identifier));

        assertThat(result).isEqualTo(problem == null ? ValidationResult.success()
                : ValidationResult.failure(problem, detail));
    }

    @Test
    void aRemovedRecordNoLongerValidates() throws Exception {
        String name = Dns01Validator.LABEL + "removed.example.test";
        dns.setTxt(name, EXPECTED);
        assertThat(validator.validate(request("dns", "removed.example.test")).valid()).isTrue();

        dns.clearTxt(name);

        assertThat(validator.validate(request("dns", "removed.example.test")).problem()).isEqualTo(Problem.DNS);
    }

    @Test
    void ipIdentifiersCannotUseDns01() {
        assertThat(validator.validate(request("ip", "127.0.0.1"))).isEqualTo(ValidationResult.failure(
                Problem.MALFORMED, "dns-01 cannot validate an IP address; use http-01 or tls-alpn-01 for 127.0.0.1."));
    }

    private static ValidationRequest request(String type, String value) {
        return new ValidationRequest("dns-01", type, value, "token", KEY_AUTHORIZATION);
    }
}

package dev.signet.ca.va;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.error.Problem;
import dev.signet.ca.testing.PebbleChallTestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tls-alpn-01 against a real JSSE server on loopback presenting BouncyCastle-built certificates. */
class TlsAlpn01ValidatorTest {
    private static final String KEY_AUTHORIZATION = "token.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
    private static final GeneralName LOOPBACK = new GeneralName(GeneralName.iPAddress, "127.0.0.1");

    static Stream<Arguments> ipCases() {
        byte[] digest = Texts.sha256(KEY_AUTHORIZATION);
        return Stream.of(
                Arguments.of("ok", AlpnTestServer.Cert.valid(LOOPBACK, KEY_AUTHORIZATION), true, null, null),
                Arguments.of("wrong digest", AlpnTestServer.Cert.valid(LOOPBACK, "other.key-authorization"), true,
                        Problem.INCORRECT_RESPONSE, "but SHA-256 of the key authorization is \"" + Texts.hex(digest)),
                Arguments.of("not critical", new AlpnTestServer.Cert(List.of(LOOPBACK), digest, false), true,
                        Problem.UNAUTHORIZED, "is not marked critical."),
                Arguments.of("no extension", new AlpnTestServer.Cert(List.of(LOOPBACK), null, true), true,
                        Problem.UNAUTHORIZED, "has no acmeIdentifier extension (1.3.6.1.5.5.7.1.31)."),
                Arguments.of("wrong address", AlpnTestServer.Cert.valid(
                        new GeneralName(GeneralName.iPAddress, "127.0.0.2"), KEY_AUTHORIZATION), true,
                        Problem.UNAUTHORIZED, "must have the single subjectAltName 127.0.0.1."),
                Arguments.of("dNSName for an IP", AlpnTestServer.Cert.valid(
                        new GeneralName(GeneralName.dNSName, "127.0.0.1"), KEY_AUTHORIZATION), true,
                        Problem.UNAUTHORIZED, "must have the single subjectAltName 127.0.0.1."),
                Arguments.of("two names", new AlpnTestServer.Cert(List.of(LOOPBACK,
                        new GeneralName(GeneralName.dNSName, "example.test")), digest, true), true,
                        Problem.UNAUTHORIZED, "has 2 subjectAltNames; it must have exactly one"),
                Arguments.of("no names", new AlpnTestServer.Cert(List.of(), digest, true), true,
                        Problem.UNAUTHORIZED, "has 0 subjectAltNames"),
                Arguments.of("acme-tls/1 not chosen", AlpnTestServer.Cert.valid(LOOPBACK, KEY_AUTHORIZATION), false,
                        Problem.TLS, "did not choose the ALPN protocol acme-tls/1."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ipCases")
    void checksTheCertificateForAnIpIdentifier(String name, AlpnTestServer.Cert cert, boolean chooseAcmeTls,
            Problem problem, String detail) throws Exception {
        try (AlpnTestServer server = new AlpnTestServer(cert, chooseAcmeTls)) {
            ValidationResult result = validator(settings(server.port(), List.of()))
                    .validate(request("ip", "127.0.0.1"));

            assertThat(result.valid()).as("%s", result).isEqualTo(problem == null);
            assertThat(result.problem()).isEqualTo(problem);
            if (detail != null) assertThat(result.detail()).contains(detail).endsWith(".");
            // RFC 8738 §6: the SNI of an IP identifier is its reverse-DNS name
            assertThat(server.serverNames()).containsExactly("1.0.0.127.in-addr.arpa");
        }
    }

    @Test
    void dnsIdentifiersAreResolvedThroughTheConfiguredDnsServerAndSentAsSni() throws Exception {
        String name = "alpn.example.test";
        try (PebbleChallTestServer dns = PebbleChallTestServer.start();
                AlpnTestServer right = new AlpnTestServer(
                        AlpnTestServer.Cert.valid(new GeneralName(GeneralName.dNSName, name), KEY_AUTHORIZATION), true);
                AlpnTestServer wrong = new AlpnTestServer(AlpnTestServer.Cert.valid(
                        new GeneralName(GeneralName.dNSName, "other.example.test"), KEY_AUTHORIZATION), true)) {
            dns.setDefaultIpv4("127.0.0.1");

            ValidationResult ok = validator(settings(right.port(), List.of(dns))).validate(request("dns", name));
            ValidationResult bad = validator(settings(wrong.port(), List.of(dns))).validate(request("dns", name));

            assertThat(ok.valid()).as("%s", ok).isTrue();
            assertThat(right.serverNames()).containsExactly(name);
            assertThat(bad.problem()).isEqualTo(Problem.UNAUTHORIZED);
            assertThat(bad.detail()).isEqualTo("The certificate from alpn.example.test port " + wrong.port()
                    + " is for \"other.example.test\" but must have the single subjectAltName alpn.example.test.");
        }
    }

    @Test
    void aClosedPortIsAConnectionProblem() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        ValidationResult result = validator(settings(port, List.of())).validate(request("ip", "127.0.0.1"));

        assertThat(result.problem()).isEqualTo(Problem.CONNECTION);
        assertThat(result.detail()).isEqualTo("Could not complete a TLS handshake with 127.0.0.1 port " + port
                + ": the connection was refused.");
    }

    private static ValidationSettings settings(int port, List<PebbleChallTestServer> dns) {
        return new ValidationSettings(80, port, dns.stream().map(PebbleChallTestServer::dnsAddress).toList(),
                Duration.ofSeconds(5));
    }

    private static TlsAlpn01Validator validator(ValidationSettings settings) {
        return new TlsAlpn01Validator(settings, new NameResolver(settings.dnsResolvers(), settings.timeout()));
    }

    private static ValidationRequest request(String type, String value) {
        return new ValidationRequest("tls-alpn-01", type, value, "token", KEY_AUTHORIZATION);
    }
}

package dev.signet.ca.ra;

import static dev.signet.ca.ra.RaFixture.IP;
import static dev.signet.ca.ra.RaFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.config.Claims;
import dev.signet.ca.config.LimitsConfig;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeIdentifier;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ACME Renewal Information (RFC 9773): the window a certID gets. */
class RenewalInfoPolicyTest extends RaTestBase {
    /** Up to a week, so that the cap on Retry-After shows. */
    private static final Claims WEEK = new Claims(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofHours(168));
    private static final Instant NOT_BEFORE = T0.minus(Duration.ofMinutes(1));

    private final AcmeProvisioner p = RaFixture.provisioner("acme", WEEK, Map.of(), null, LimitsConfig.DEFAULTS);
    private AcmeAccount account;

    @BeforeEach
    void start() {
        account = ra.account(p);
    }

    private X509Certificate issue(Duration lifetime) {
        return ra.issue(p, account, new NewOrderRequest(List.of(new AcmeIdentifier("ip", IP)), null, T0.plus(lifetime), null, null))
                .certificate();
    }

    /**
     * Requested lifetime (the certificate's is a minute longer: it is backdated); the window's start and end after
     * notBefore (2/3 and 5/6 of the lifetime) and the Retry-After (a tenth, from 1m to 6h).
     */
    static Stream<Arguments> windows() {
        return Stream.of(
                argumentSet("5m/retry-raised-to-1m", Duration.ofMinutes(5), Duration.ofMinutes(4), Duration.ofMinutes(5),
                        Duration.ofMinutes(1)),
                argumentSet("10m", Duration.ofMinutes(10), Duration.ofSeconds(440), Duration.ofSeconds(550), Duration.ofSeconds(66)),
                argumentSet("24h", Duration.ofHours(24), Duration.parse("PT16H0M40S"), Duration.parse("PT20H0M50S"),
                        Duration.parse("PT2H24M6S")),
                argumentSet("60h/retry-at-6h", Duration.ofHours(60).minusMinutes(1), Duration.ofHours(40), Duration.ofHours(50),
                        Duration.ofHours(6)),
                argumentSet("168h/retry-capped-at-6h", Duration.ofHours(168), Duration.parse("PT112H0M40S"),
                        Duration.parse("PT140H0M50S"), Duration.ofHours(6)));
    }

    @ParameterizedTest
    @MethodSource("windows")
    void aValidCertificateRenewsBetweenTwoThirdsAndFiveSixths(Duration lifetime, Duration start, Duration end, Duration retryAfter) {
        X509Certificate cert = issue(lifetime);
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOT_BEFORE);
        ra.clock.advance(lifetime.dividedBy(2));

        assertThat(ra.renewalInfo.window(CertId.of(cert).toString()))
                .isEqualTo(new RenewalInfo(NOT_BEFORE.plus(start), NOT_BEFORE.plus(end), retryAfter));
    }

    @Test
    void aRevokedCertificatesWindowIsAlreadyOpen() {
        X509Certificate cert = issue(Duration.ofHours(24));
        ra.clock.advance(Duration.ofHours(2));
        ra.revocations.revoke(p, ra.storage.findCertificate(cert.getSerialNumber()).orElseThrow().der(), 1, account, null);
        Instant revokedAt = ra.clock.instant();
        ra.clock.advance(Duration.ofHours(3));

        RenewalInfo info = ra.renewalInfo.window(CertId.of(cert).toString());
        assertThat(info).isEqualTo(new RenewalInfo(revokedAt.minus(Duration.ofHours(1)), ra.clock.instant().plus(Duration.ofHours(1)),
                Duration.ofMinutes(1)));
        assertThat(info.start()).isBefore(ra.clock.instant());
    }

    @Test
    void unknownCertificatesAreNotFound() {
        issue(Duration.ofHours(24));
        String otherIssuer = new CertId(new byte[] {1}, BigInteger.ONE).toString();
        String unknownSerial = new CertId(ra.signer.intermediateKeyId(), BigInteger.valueOf(7)).toString();
        for (String certId : List.of(otherIssuer, unknownSerial)) {
            assertThatThrownBy(() -> ra.renewalInfo.window(certId))
                    .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND))
                    .hasMessage("No certificate issued by this CA has the identifier " + certId + ".");
        }
        assertThat(otherIssuer).isEqualTo("AQ.AQ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AQAB", ".AQ", "AQ.", "AQ.AQ.AQ", "AQ==.AQ", "A!.AQ", "AQ.A", "AQ.+/8"})
    void malformedCertIdsAreMalformed(String certId) {
        assertThatThrownBy(() -> ra.renewalInfo.window(certId))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                .hasMessage("\"" + certId + "\" is not a certificate identifier (base64url AKI, a dot, base64url serial).");
    }
}

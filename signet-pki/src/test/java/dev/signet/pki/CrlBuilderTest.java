package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reason codes and refused inputs of the CRL builder; the CA's CRL as a whole is tested in signet-ca. */
class CrlBuilderTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static KeyPair key;
    private static X509Certificate issuer;

    @BeforeAll
    static void issuer() {
        key = KeyType.EC_P256.generate();
        issuer = TestCerts.root(key, "CRL Issuer", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
    }

    private static X509CRL build(List<CrlBuilder.Entry> entries) {
        return CrlBuilder.build(issuer, key.getPrivate(), BigInteger.ONE, NOW, NOW.plus(Duration.ofHours(1)), entries);
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                argumentSet("ok/unspecified-has-no-extension", 0, null),
                argumentSet("ok/keyCompromise", 1, CRLReason.KEY_COMPROMISE),
                argumentSet("ok/cACompromise", 2, CRLReason.CA_COMPROMISE),
                argumentSet("ok/affiliationChanged", 3, CRLReason.AFFILIATION_CHANGED),
                argumentSet("ok/superseded", 4, CRLReason.SUPERSEDED),
                argumentSet("ok/cessationOfOperation", 5, CRLReason.CESSATION_OF_OPERATION),
                argumentSet("ok/certificateHold", 6, CRLReason.CERTIFICATE_HOLD),
                argumentSet("ok/removeFromCRL", 8, CRLReason.REMOVE_FROM_CRL),
                argumentSet("ok/privilegeWithdrawn", 9, CRLReason.PRIVILEGE_WITHDRAWN),
                argumentSet("ok/aACompromise", 10, CRLReason.AA_COMPROMISE));
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void eachReasonCodeIsWrittenAsRfc5280Says(int code, CRLReason expected) throws Exception {
        X509CRL crl = build(List.of(new CrlBuilder.Entry(BigInteger.TEN, NOW.minusSeconds(60), code)));
        crl.verify(issuer.getPublicKey());
        assertThat(crl.getRevokedCertificate(BigInteger.TEN).getRevocationReason()).isEqualTo(expected);
        assertThat(crl.getRevokedCertificate(BigInteger.TEN).getRevocationDate().toInstant()).isEqualTo(NOW.minusSeconds(60));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {-1, 7, 11})
    void codesOutsideRfc5280AreRefused(int code) {
        assertThatThrownBy(() -> new CrlBuilder.Entry(BigInteger.TEN, NOW, code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The revocation reason " + code + " is not an RFC 5280 reason code.");
    }

    @Test
    void nextUpdateMustFollowThisUpdate() {
        assertThatThrownBy(() -> CrlBuilder.build(issuer, key.getPrivate(), BigInteger.ONE, NOW, NOW, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The CRL's nextUpdate " + NOW + " is not after its thisUpdate " + NOW + ".");
    }

    @Test
    void thePemBlockIsAnX509Crl() {
        String pem = Pem.encodeCrl(build(List.of()));
        assertThat(pem).startsWith("-----BEGIN X509 CRL-----\n").endsWith("\n-----END X509 CRL-----\n");
    }
}

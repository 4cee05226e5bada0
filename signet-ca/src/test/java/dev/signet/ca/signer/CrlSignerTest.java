package dev.signet.ca.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.storage.JdbcStorage;
import dev.signet.ca.testing.MutableClock;
import dev.signet.pki.KeyType;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRL the signer builds from storage (RFC 5280 §5), parsed back with the JDK and checked field by field. */
class CrlSignerTest {
    private static final Duration DAY = Duration.ofHours(24);

    @TempDir
    Path dir;

    @Test
    void listsTheUnexpiredRevokedCertificatesWithTheirDatesAndReasons() throws Exception {
        try (CrlFixture f = new CrlFixture(dir, KeyType.EC_P256)) {
            X509Certificate compromised = f.issue("compromised.test", DAY);
            X509Certificate unspecified = f.issue("unspecified.test", DAY);
            X509Certificate shortLived = f.issue("short.test", Duration.ofHours(1));
            f.issue("still-valid.test", DAY);
            f.clock.advance(Duration.ofMinutes(10));
            f.revoke(compromised, 1);
            f.clock.advance(Duration.ofMinutes(10));
            f.revoke(unspecified, 0);
            f.clock.advance(Duration.ofMinutes(10));
            f.revoke(shortLived, 4);
            f.clock.advance(Duration.ofMinutes(90)); // the short-lived certificate has expired: it leaves the CRL

            X509CRL crl = parse(new CrlSigner(f.ca, f.storage, f.clock, DAY).sign().der());

            assertThatCode(() -> crl.verify(f.ca.intermediate().getPublicKey())).doesNotThrowAnyException();
            assertThat(crl.getIssuerX500Principal()).isEqualTo(f.ca.intermediate().getSubjectX500Principal());
            assertThat(crl.getVersion()).isEqualTo(2);
            assertThat(crl.getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(crl.getThisUpdate().toInstant()).isEqualTo(CrlFixture.T0.plus(Duration.ofHours(2)));
            assertThat(crl.getNextUpdate().toInstant()).isEqualTo(CrlFixture.T0.plus(Duration.ofHours(26)));
            assertThat(authorityKeyId(crl)).isEqualTo(subjectKeyId(f.ca.intermediate()));
            assertThat(crl.getCriticalExtensionOIDs()).isNullOrEmpty();
            Map<BigInteger, X509CRLEntry> entries = crl.getRevokedCertificates().stream()
                    .collect(Collectors.toMap(X509CRLEntry::getSerialNumber, Function.identity()));
            assertThat(entries.keySet()).containsExactlyInAnyOrder(compromised.getSerialNumber(), unspecified.getSerialNumber());
            X509CRLEntry first = entries.get(compromised.getSerialNumber());
            assertThat(first.getRevocationDate().toInstant()).isEqualTo(CrlFixture.T0.plus(Duration.ofMinutes(10)));
            assertThat(first.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
            X509CRLEntry second = entries.get(unspecified.getSerialNumber());
            assertThat(second.getRevocationDate().toInstant()).isEqualTo(CrlFixture.T0.plus(Duration.ofMinutes(20)));
            assertThat(second.getRevocationReason()).as("RFC 5280 §5.3.1: no reasonCode for unspecified").isNull();
            assertThat(second.hasExtensions()).isFalse();
            assertThat(crl.isRevoked(compromised)).isTrue();
        }
    }

    @Test
    void theNumberGrowsWithEachCrlAndAcrossReopeningTheDatabase() throws Exception {
        long first;
        long second;
        try (CrlFixture f = new CrlFixture(dir, KeyType.EC_P256)) {
            CrlSigner signer = new CrlSigner(f.ca, f.storage, f.clock, DAY);
            SignedCrl a = signer.sign();
            SignedCrl b = signer.sign();
            first = number(parse(a.der()));
            second = number(parse(b.der()));
            assertThat(a.number()).isEqualTo(first);
            assertThat(second).isEqualTo(first + 1);
        }
        try (JdbcStorage reopened = JdbcStorage.openSqlite(dir.resolve("crl.db"))) {
            SignedCrl c = new CrlSigner(CrlFixture.ca(KeyType.EC_P256), reopened, new MutableClock(CrlFixture.T0), DAY).sign();
            assertThat(number(parse(c.der()))).isGreaterThan(second);
        }
    }

    @Test
    void anEmptyCrlHasNoEntriesAndItsPemIsTheSameCrl() throws Exception {
        try (CrlFixture f = new CrlFixture(dir, KeyType.EC_P256)) {
            SignedCrl signed = new CrlSigner(f.ca, f.storage, f.clock, Duration.ofHours(6)).sign();
            X509CRL crl = parse(signed.der());
            assertThat(crl.getRevokedCertificates()).isNull();
            assertThat(signed.entries()).isZero();
            assertThat(crl.getNextUpdate().toInstant()).isEqualTo(CrlFixture.T0.plus(Duration.ofHours(6)));
            assertThat(signed.pem()).startsWith("-----BEGIN X509 CRL-----\n").endsWith("-----END X509 CRL-----\n");
            assertThat(parse(signed.pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(crl);
        }
    }

    @Test
    void theSignedCrlKeepsTheFiguresItWasBuiltWithAndServesItsOwnBytes() throws Exception {
        try (CrlFixture f = new CrlFixture(dir, KeyType.EC_P256)) {
            X509Certificate revoked = f.issue("figures.test", DAY);
            f.revoke(revoked, 4);
            f.clock.advance(Duration.ofMillis(1_500)); // the CRL's times are whole seconds: T0 + 1 s
            SignedCrl signed = new CrlSigner(f.ca, f.storage, f.clock, Duration.ofHours(6).plusMillis(700)).sign();
            X509CRL crl = parse(signed.der());

            assertThat(signed.number()).isEqualTo(number(crl));
            assertThat(signed.thisUpdate()).isEqualTo(CrlFixture.T0.plusSeconds(1)).isEqualTo(crl.getThisUpdate().toInstant());
            assertThat(signed.nextUpdate()).as("T0 + 1.5 s + 6 h 0.7 s, truncated")
                    .isEqualTo(CrlFixture.T0.plus(Duration.ofHours(6)).plusSeconds(2)).isEqualTo(crl.getNextUpdate().toInstant());
            assertThat(signed.entries()).isEqualTo(1).isEqualTo(crl.getRevokedCertificates().size());
            assertThat(signed.derLength()).isEqualTo(signed.der().length);
            assertThat(bytes(signed.derBuffer())).isEqualTo(signed.der());
            assertThat(signed.derBuffer().isReadOnly()).isTrue();
            assertThat(signed.der()).as("a copy each time").isNotSameAs(signed.der());
            assertThat(bytes(signed.pemBuffer())).isEqualTo(signed.pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(signed.pemBuffer().isReadOnly()).isTrue();
            assertThat(signed.pem()).isEqualTo(dev.signet.pki.Pem.encodeCrl(crl));
        }
    }

    @Test
    void theRevokedReadIsAnIndexOnlyScanInRevocationOrder() throws Exception {
        try (CrlFixture f = new CrlFixture(dir, KeyType.EC_P256);
             Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.database);
             // the read JdbcStorage.readRevokedCertificates makes
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN SELECT serial, revoked_at, revocation_reason"
                     + " FROM certificates WHERE status = 'REVOKED' AND not_after > ? ORDER BY revoked_at")) {
            ps.setLong(1, CrlFixture.T0.toEpochMilli());
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) plan.append(rs.getString("detail")).append('\n');
            }
            assertThat(plan.toString()).contains("USING COVERING INDEX certificates_revoked").doesNotContain("TEMP B-TREE");
        }
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    static Stream<Arguments> keyTypes() {
        return Stream.of(
                argumentSet("ok/ec-p256", KeyType.EC_P256, "SHA256withECDSA"),
                argumentSet("ok/ec-p384", KeyType.EC_P384, "SHA384withECDSA"),
                argumentSet("ok/rsa-2048", KeyType.RSA_2048, "SHA256withRSA"),
                argumentSet("ok/ed25519", KeyType.ED25519, "Ed25519"));
    }

    @ParameterizedTest
    @MethodSource("keyTypes")
    void signsWithTheAlgorithmTheIntermediatesKeyNeeds(KeyType type, String algorithm) throws Exception {
        try (CrlFixture f = new CrlFixture(dir, type)) {
            X509Certificate revoked = f.issue("revoked.test", DAY);
            f.revoke(revoked, 5);
            X509CRL crl = parse(new CrlSigner(f.ca, f.storage, f.clock, DAY).sign().der());
            assertThat(crl.getSigAlgName()).isEqualToIgnoringCase(algorithm);
            assertThatCode(() -> crl.verify(f.ca.intermediate().getPublicKey())).doesNotThrowAnyException();
            assertThat(crl.getRevokedCertificate(revoked).getRevocationReason()).isEqualTo(CRLReason.CESSATION_OF_OPERATION);
            assertThat(authorityKeyId(crl)).isEqualTo(subjectKeyId(f.ca.intermediate()));
        }
    }

    static X509CRL parse(byte[] encoded) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(encoded));
    }

    static long number(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).longValueExact();
    }

    private static byte[] authorityKeyId(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifierOctets();
    }

    private static byte[] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }
}

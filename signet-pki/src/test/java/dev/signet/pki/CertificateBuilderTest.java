package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateBuilderTest {
    private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2027-01-01T00:00:00Z");
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SAN = "2.5.29.17";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    // key usage bits (RFC 5280 §4.2.1.3)
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    /** subject key type, issuer key type (null: self-signed root), expected signature algorithm. */
    static Stream<Arguments> profiles() {
        return Stream.of(
                argumentSet("root-ca/EC_P256", CertificateProfile.ROOT_CA, KeyType.EC_P256, null, "SHA256withECDSA"),
                argumentSet("root-ca/EC_P384", CertificateProfile.ROOT_CA, KeyType.EC_P384, null, "SHA384withECDSA"),
                argumentSet("root-ca/ED25519", CertificateProfile.ROOT_CA, KeyType.ED25519, null, "Ed25519"),
                argumentSet("intermediate-ca/EC_P256-by-EC_P256", CertificateProfile.INTERMEDIATE_CA, KeyType.EC_P256, KeyType.EC_P256, "SHA256withECDSA"),
                argumentSet("intermediate-ca/ED25519-by-EC_P384", CertificateProfile.INTERMEDIATE_CA, KeyType.ED25519, KeyType.EC_P384, "SHA384withECDSA"),
                argumentSet("leaf/EC_P256-by-EC_P256", CertificateProfile.LEAF, KeyType.EC_P256, KeyType.EC_P256, "SHA256withECDSA"),
                argumentSet("leaf/EC_P384-by-ED25519", CertificateProfile.LEAF, KeyType.EC_P384, KeyType.ED25519, "Ed25519"),
                argumentSet("leaf/ED25519-by-EC_P256", CertificateProfile.LEAF, KeyType.ED25519, KeyType.EC_P256, "SHA256withECDSA"),
                argumentSet("leaf/RSA_3072-by-EC_P384", CertificateProfile.LEAF, KeyType.RSA_3072, KeyType.EC_P384, "SHA384withECDSA"));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void extensionsFollowTheProfile(CertificateProfile profile, KeyType subjectType, KeyType issuerType, String signatureAlgorithm)
            throws Exception {
        KeyPair subject = subjectType.generate();
        X509Certificate cert;
        KeyPair issuer;
        if (profile == CertificateProfile.ROOT_CA) {
            issuer = subject;
            cert = TestCerts.root(subject, "Test Root CA", NOT_BEFORE, NOT_AFTER);
        } else {
            issuer = issuerType.generate();
            X509Certificate issuerCert = TestCerts.root(issuer, "Test Issuer", NOT_BEFORE, NOT_AFTER);
            cert = TestCerts.issue(profile, subject.getPublic(), "Test Subject",
                    profile == CertificateProfile.LEAF ? List.of(SubjectName.parse("app.example.com")) : List.of(),
                    NOT_BEFORE, NOT_AFTER, issuerCert, issuer.getPrivate());
        }

        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSigAlgName()).isEqualTo(signatureAlgorithm);
        assertThatCode(() -> cert.verify(issuer.getPublic())).doesNotThrowAnyException();
        assertThat(cert.getPublicKey()).isEqualTo(subject.getPublic());
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOT_BEFORE);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOT_AFTER);

        boolean[] ku = cert.getKeyUsage();
        switch (profile) {
            case ROOT_CA -> {
                assertThat(cert.getBasicConstraints()).as("CA without path length").isEqualTo(Integer.MAX_VALUE);
                assertThat(setBits(ku)).containsExactly(KEY_CERT_SIGN, CRL_SIGN);
                assertThat(cert.getExtendedKeyUsage()).isNull();
                assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
            }
            case INTERMEDIATE_CA -> {
                assertThat(cert.getBasicConstraints()).as("CA with pathLen 0").isZero();
                assertThat(setBits(ku)).containsExactly(DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN);
                assertThat(cert.getExtendedKeyUsage()).isNull();
                assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
            }
            case LEAF -> {
                assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
                assertThat(setBits(ku)).containsExactlyElementsOf(subjectType.family().equals("RSA")
                        ? List.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT) : List.of(DIGITAL_SIGNATURE));
                assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
                assertThat(cert.getCriticalExtensionOIDs()).as("SAN not critical: the subject is not empty")
                        .containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
                assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(GeneralName.dNSName, "app.example.com"));
            }
            default -> throw new IllegalStateException();
        }

        byte[] expectedSki = new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subject.getPublic()).getKeyIdentifier();
        assertThat(ski(cert)).as("subject key identifier").isEqualTo(expectedSki);
        if (profile == CertificateProfile.ROOT_CA) {
            assertThat(cert.getExtensionValue(Extension.authorityKeyIdentifier.getId())).as("no AKI on a self-signed root").isNull();
        } else {
            byte[] issuerSki = new JcaX509ExtensionUtils().createSubjectKeyIdentifier(issuer.getPublic()).getKeyIdentifier();
            assertThat(aki(cert)).as("authority key identifier = issuer's SKI").isEqualTo(issuerSki);
        }
        assertThat(cert.getExtensionValue(Extension.cRLDistributionPoints.getId())).isNull();
    }

    @Test
    void caKeysTakenInTurnEachSignTheirOwnCertificates() throws Exception {
        // the builder keeps the last EC key prepared: alternating keys must never sign with the other one
        KeyPair p256 = KeyType.EC_P256.generate();
        KeyPair p384 = KeyType.EC_P384.generate();
        X509Certificate ca256 = TestCerts.root(p256, "P-256 CA", NOT_BEFORE, NOT_AFTER);
        X509Certificate ca384 = TestCerts.root(p384, "P-384 CA", NOT_BEFORE, NOT_AFTER);
        java.util.Set<String> signatures = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            boolean first = i % 3 != 2;
            KeyPair issuer = first ? p256 : p384;
            X509Certificate leaf = TestCerts.issue(CertificateProfile.LEAF, KeyType.EC_P256.generate().getPublic(), "Leaf " + i,
                    List.of(SubjectName.parse("app" + i + ".example.com")), NOT_BEFORE, NOT_AFTER, first ? ca256 : ca384, issuer.getPrivate());
            assertThat(leaf.getSigAlgName()).isEqualTo(first ? "SHA256withECDSA" : "SHA384withECDSA");
            assertThatCode(() -> leaf.verify(issuer.getPublic())).doesNotThrowAnyException();
            signatures.add(java.util.HexFormat.of().formatHex(leaf.getSignature()));
        }
        assertThat(signatures).hasSize(6);
    }

    @Test
    void leafWithEmptySubjectHasCriticalSan() throws Exception {
        Fixture f = new Fixture();
        X509Certificate leaf = f.leaf(null, List.of(SubjectName.parse("app.example.com"), SubjectName.parse("10.0.0.1")),
                Set.of(), List.of());

        assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
        assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE, SAN);
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(
                List.of(GeneralName.dNSName, "app.example.com"), List.of(GeneralName.iPAddress, "10.0.0.1"));
    }

    @Test
    void leafWithSubjectHasNonCriticalSan() throws Exception {
        Fixture f = new Fixture();
        X509Certificate leaf = f.leaf("app.example.com", List.of(SubjectName.parse("app.example.com")), Set.of(), List.of());

        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=app.example.com");
        assertThat(leaf.getNonCriticalExtensionOIDs()).contains(SAN);
        assertThat(leaf.getCriticalExtensionOIDs()).doesNotContain(SAN);
    }

    @Test
    void leafCarriesCrlDistributionPointsWhenGiven() throws Exception {
        Fixture f = new Fixture();
        X509Certificate leaf = f.leaf(null, List.of(SubjectName.parse("app.example.com")), Set.of(),
                List.of("http://crl.example.com/a.crl", "http://crl2.example.com/b.crl"));

        byte[] ext = leaf.getExtensionValue(Extension.cRLDistributionPoints.getId());
        assertThat(ext).isNotNull();
        assertThat(leaf.getNonCriticalExtensionOIDs()).contains(Extension.cRLDistributionPoints.getId());
        List<String> urls = Stream.of(CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getDistributionPoints())
                .flatMap(dp -> Stream.of(((GeneralNames) dp.getDistributionPoint().getName()).getNames()))
                .map(n -> n.getName().toString())
                .toList();
        assertThat(urls).containsExactly("http://crl.example.com/a.crl", "http://crl2.example.com/b.crl");
    }

    @Test
    void leafExtendedKeyUsageCanBeNarrowed() throws Exception {
        Fixture f = new Fixture();
        X509Certificate leaf = f.leaf(null, List.of(SubjectName.parse("client.example.com")),
                Set.of(ExtendedKeyUsage.CLIENT_AUTH), List.of());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);

        X509Certificate several = f.leaf(null, List.of(SubjectName.parse("client.example.com")),
                Set.of(ExtendedKeyUsage.EMAIL_PROTECTION, ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CODE_SIGNING), List.of());
        assertThat(several.getExtendedKeyUsage()).as("in declaration order")
                .containsExactly(SERVER_AUTH, "1.3.6.1.5.5.7.3.3", "1.3.6.1.5.5.7.3.4");
    }

    @Test
    void caWithNamesCarriesNonCriticalSan() throws Exception {
        KeyPair pair = KeyType.EC_P256.generate();
        X509Certificate root = CertificateBuilder.selfSigned(new CertificateSpec(CertificateSpec.commonName("Named Root"),
                pair.getPublic(), BigInteger.TEN, NOT_BEFORE, NOT_AFTER, CertificateProfile.ROOT_CA,
                List.of(SubjectName.parse("ca.example.com")), Set.of(), List.of()), pair.getPrivate());

        assertThat(root.getNonCriticalExtensionOIDs()).contains(SAN);
        assertThat(root.getSerialNumber()).isEqualTo(BigInteger.TEN);
    }

    @Test
    void specRejectsEmptyValidity() {
        KeyPair pair = KeyType.EC_P256.generate();
        assertThatThrownBy(() -> new CertificateSpec(CertificateSpec.commonName("x"), pair.getPublic(), BigInteger.ONE,
                NOT_BEFORE, NOT_BEFORE, CertificateProfile.LEAF, List.of(), Set.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The certificate would expire (2026-01-01T00:00:00Z) before it starts (2026-01-01T00:00:00Z).");
    }

    /** An EC P-256 intermediate to issue leaves from. */
    private static final class Fixture {
        final KeyPair caKey = KeyType.EC_P256.generate();
        final X509Certificate ca = TestCerts.root(caKey, "Fixture CA", NOT_BEFORE, NOT_AFTER);
        final KeyPair leafKey = KeyType.EC_P256.generate();

        X509Certificate leaf(String cn, List<SubjectName> sans, Set<ExtendedKeyUsage> ekus, List<String> crls) throws Exception {
            X509Certificate leaf = CertificateBuilder.issue(new CertificateSpec(CertificateSpec.commonName(cn), leafKey.getPublic(),
                    SerialNumbers.random(), NOT_BEFORE, NOT_AFTER, CertificateProfile.LEAF, sans, ekus, crls), ca, caKey.getPrivate());
            leaf.verify(caKey.getPublic());
            return leaf;
        }
    }

    private static List<Integer> setBits(boolean[] bits) {
        assertThat(bits).as("keyUsage present").isNotNull();
        return java.util.stream.IntStream.range(0, bits.length).filter(i -> bits[i]).boxed().toList();
    }

    private static byte[] ski(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        assertThat(ext).as("SKI present").isNotNull();
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }

    private static byte[] aki(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        assertThat(ext).as("AKI present").isNotNull();
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifierOctets();
    }
}

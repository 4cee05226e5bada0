package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Proof of possession: every key type Signet issues for verifies on its own path, and each kind of forgery fails. */
class CsrSignatureTest {
    private static final List<SubjectName> NAMES = List.of(SubjectName.dns("csr.example.test"));

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
    void aRequestSignedWithItsOwnKeyVerifies(KeyType type) {
        assertThat(CsrSignature.verifies(CertificationRequests.create(type.generate(), NAMES))).isTrue();
    }

    static Stream<Arguments> forgeries() {
        return Stream.of(
                argumentSet("fail/p256-signed-by-another-key", KeyType.EC_P256, "other-key"),
                argumentSet("fail/p384-signed-by-another-key", KeyType.EC_P384, "other-key"),
                argumentSet("fail/rsa-signed-by-another-key", KeyType.RSA_2048, "other-key"),
                argumentSet("fail/ed25519-signed-by-another-key", KeyType.ED25519, "other-key"),
                argumentSet("fail/p256-names-changed-after-signing", KeyType.EC_P256, "changed-info"),
                argumentSet("fail/p384-names-changed-after-signing", KeyType.EC_P384, "changed-info"),
                argumentSet("fail/p256-signature-not-der", KeyType.EC_P256, "garbage-signature"),
                argumentSet("fail/p256-point-off-the-curve", KeyType.EC_P256, "point-off-curve"));
    }

    @ParameterizedTest
    @MethodSource("forgeries")
    void aForgedRequestDoesNotVerify(KeyType type, String forgery) throws Exception {
        KeyPair subject = type.generate();
        PKCS10CertificationRequest csr = switch (forgery) {
            case "other-key" -> signedBy(subject, type.generate());
            case "changed-info" -> withInfo(CertificationRequests.create(subject, NAMES),
                    CertificationRequests.create(subject, List.of(SubjectName.dns("other.example.test"))).toASN1Structure()
                            .getCertificationRequestInfo());
            case "garbage-signature" -> withSignature(CertificationRequests.create(subject, NAMES), new byte[] {1, 2, 3});
            case "point-off-curve" -> withKey(CertificationRequests.create(subject, NAMES), offCurve(subject));
            default -> throw new IllegalArgumentException(forgery);
        };
        assertThat(CsrSignature.verifies(csr)).isFalse();
    }

    /** A request naming {@code subject}'s public key but signed with {@code signer}'s private key. */
    private static PKCS10CertificationRequest signedBy(KeyPair subject, KeyPair signer) throws Exception {
        return new PKCS10CertificationRequestBuilder(new org.bouncycastle.asn1.x500.X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                SubjectPublicKeyInfo.getInstance(subject.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder(KeyType.of(signer.getPublic()).signatureAlgorithm()).setProvider(Crypto.BC)
                        .build(signer.getPrivate()));
    }

    private static PKCS10CertificationRequest withInfo(PKCS10CertificationRequest csr, CertificationRequestInfo info) {
        CertificationRequest c = csr.toASN1Structure();
        return new PKCS10CertificationRequest(new CertificationRequest(info, c.getSignatureAlgorithm(), c.getSignature()));
    }

    private static PKCS10CertificationRequest withSignature(PKCS10CertificationRequest csr, byte[] signature) {
        CertificationRequest c = csr.toASN1Structure();
        return new PKCS10CertificationRequest(new CertificationRequest(c.getCertificationRequestInfo(), c.getSignatureAlgorithm(),
                new DERBitString(signature)));
    }

    private static PKCS10CertificationRequest withKey(PKCS10CertificationRequest csr, SubjectPublicKeyInfo key) {
        CertificationRequest c = csr.toASN1Structure();
        ASN1Sequence info = ASN1Sequence.getInstance(c.getCertificationRequestInfo());
        CertificationRequestInfo changed = CertificationRequestInfo.getInstance(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
            info.getObjectAt(0), info.getObjectAt(1), key, info.getObjectAt(3)}));
        return new PKCS10CertificationRequest(new CertificationRequest(changed, c.getSignatureAlgorithm(), c.getSignature()));
    }

    /** The subject's key with the last byte of its y coordinate changed, so the point is no longer on the curve. */
    private static SubjectPublicKeyInfo offCurve(KeyPair subject) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subject.getPublic().getEncoded());
        byte[] point = spki.getPublicKeyData().getOctets();
        point[point.length - 1] ^= 1;
        return new SubjectPublicKeyInfo(spki.getAlgorithm(), point);
    }
}

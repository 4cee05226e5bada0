package dev.signet.pki;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Checks the self-signature of a PKCS#10 request (RFC 2986 §4.2: the signature over the DER of
 * CertificationRequestInfo, made with the subject's own key, is the proof of possession).
 *
 * <p>ECDSA keys on P-256, P-384 and P-521 signed with ecdsa-with-SHA256/384/512 (RFC 5758 §3.2) are verified on
 * BouncyCastle's low-level API with the shared {@link EcDomains}: the generator's precomputed tables are then reused
 * across requests, where BouncyCastle's JCA provider converts every key to a new curve object and rebuilds them (about
 * half the cost of a P-256 verification here). Every other key and algorithm (RSA, Ed25519, or an EC key with
 * explicit curve parameters) goes through BouncyCastle's JCA provider, as before.
 *
 * <p>Stateless and thread-safe.
 */
public final class CsrSignature {
    private static final Map<ASN1ObjectIdentifier, ECDomainParameters> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, EcDomains.P256,
            SECObjectIdentifiers.secp384r1, EcDomains.P384,
            SECObjectIdentifiers.secp521r1, EcDomains.P521);
    private static final Map<ASN1ObjectIdentifier, Supplier<Digest>> ECDSA_DIGESTS = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, SHA256Digest::new,
            X9ObjectIdentifiers.ecdsa_with_SHA384, SHA384Digest::new,
            X9ObjectIdentifiers.ecdsa_with_SHA512, SHA512Digest::new);

    private CsrSignature() {}

    /**
     * Whether the request's signature verifies with the public key it carries. A key that cannot be decoded, a point
     * off its curve or a signature that is not well formed all count as not verifying.
     */
    public static boolean verifies(PKCS10CertificationRequest csr) {
        SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
        AlgorithmIdentifier signatureAlgorithm = csr.getSignatureAlgorithm();
        ASN1ObjectIdentifier curve = X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())
                ? namedCurve(spki.getAlgorithm()) : null;
        ECDomainParameters domain = curve == null ? null : CURVES.get(curve);
        Supplier<Digest> digest = ECDSA_DIGESTS.get(signatureAlgorithm.getAlgorithm());
        try {
            if (domain != null && digest != null && signatureAlgorithm.getParameters() == null) {
                return ecdsa(csr, spki, domain, digest.get());
            }
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC)
                    .build(Pem.keyConverter().getPublicKey(spki)));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean ecdsa(PKCS10CertificationRequest csr, SubjectPublicKeyInfo spki, ECDomainParameters domain,
            Digest digest) throws IOException {
        // decodePoint refuses a point that is not on the curve
        var point = domain.getCurve().decodePoint(spki.getPublicKeyData().getOctets());
        DSADigestSigner verifier = new DSADigestSigner(new ECDSASigner(), digest); // DER SEQUENCE {r, s}, RFC 5480 §2.2
        verifier.init(false, new ECPublicKeyParameters(point, domain));
        byte[] info = csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
        verifier.update(info, 0, info.length);
        return verifier.verifySignature(csr.getSignature());
    }

    /** The named curve of an id-ecPublicKey algorithm (RFC 5480 §2.1.1), or null for explicit parameters. */
    private static ASN1ObjectIdentifier namedCurve(AlgorithmIdentifier keyAlgorithm) {
        return keyAlgorithm.getParameters() instanceof ASN1ObjectIdentifier ? (ASN1ObjectIdentifier) keyAlgorithm.getParameters() : null;
    }
}

package dev.signet.pki;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds and signs X.509 v3 certificates (RFC 5280) from a {@link CertificateSpec}. The profile decides the
 * extensions:
 * <ul>
 *   <li>root CA: basicConstraints CA:true (critical), keyUsage keyCertSign+cRLSign (critical), SKI;</li>
 *   <li>intermediate CA: CA:true pathLen 0, keyUsage keyCertSign+cRLSign+digitalSignature, SKI, AKI;</li>
 *   <li>leaf: CA:false, keyUsage digitalSignature (+keyEncipherment for RSA keys), EKU, SAN (critical when the
 *       subject is empty, §4.2.1.6), SKI, AKI, and CRL distribution points when given.</li>
 * </ul>
 * The signature algorithm follows the issuer's key: ECDSA with SHA-256 (P-256) or SHA-384 (P-384), RSA PKCS#1 v1.5
 * with SHA-256, or Ed25519.
 *
 * <p>Stateless and thread-safe.
 */
public final class CertificateBuilder {
    private CertificateBuilder() {}

    /** Builds a self-signed certificate (a root) signed by {@code key}, the private half of {@code spec.publicKey()}. */
    public static X509Certificate selfSigned(CertificateSpec spec, PrivateKey key) {
        return Pem.toX509(build(spec, spec.subject(), spec.publicKey(), key));
    }

    /** Builds a certificate issued by {@code issuer}, signed with {@code issuerKey}. */
    public static X509Certificate issue(CertificateSpec spec, X509Certificate issuer, PrivateKey issuerKey) {
        return Pem.toX509(issueDer(spec, issuer, issuerKey));
    }

    /**
     * Builds a certificate issued by {@code issuer}, signed with {@code issuerKey}, and returns its DER without parsing
     * it into an {@link X509Certificate}: the JDK's parse cost a leaf issuance almost as much as its signature.
     */
    public static byte[] issueDer(CertificateSpec spec, X509Certificate issuer, PrivateKey issuerKey) {
        X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        return build(spec, issuerName, issuer.getPublicKey(), issuerKey);
    }

    /** The signature algorithm a key of this kind signs certificates with. */
    public static String signatureAlgorithm(PublicKey signerKey) {
        KeyType type = KeyType.of(signerKey);
        if (type == null) {
            throw new PkiException("A " + KeyType.describe(signerKey) + " key cannot sign certificates; use EC P-256, P-384, RSA or Ed25519.");
        }
        return type.signatureAlgorithm();
    }

    private static byte[] build(CertificateSpec spec, X500Name issuerName, PublicKey issuerPublicKey, PrivateKey signingKey) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName, spec.serial(),
                    DerTime.time(spec.notBefore()), DerTime.time(spec.notAfter()), spec.subject(),
                    SubjectPublicKeyInfo.getInstance(spec.publicKey().getEncoded()));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spec.publicKey()));
            boolean selfSigned = issuerPublicKey.equals(spec.publicKey());
            if (!selfSigned) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublicKey));
            }
            switch (spec.profile()) {
                case ROOT_CA:
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                    break;
                case INTERMEDIATE_CA:
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    b.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                    break;
                case LEAF:
                    addLeafExtensions(b, spec);
                    break;
                default:
                    throw new IllegalStateException(spec.profile().toString());
            }
            if (spec.profile().isCa() && !spec.subjectAltNames().isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, generalNames(spec));
            }
            ContentSigner signer = signer(signingKey, issuerPublicKey);
            return b.build(signer).getEncoded();
        } catch (CertIOException | OperatorCreationException | java.security.NoSuchAlgorithmException e) {
            throw new PkiException("The certificate could not be built: " + SecureFiles.describe(e) + ".", e);
        } catch (IOException e) {
            throw new PkiException("The certificate could not be encoded: " + SecureFiles.describe(e) + ".", e);
        }
    }

    /** The last EC signing key prepared, with its preparation: a CA signs with one key over and over. */
    private record PreparedKey(PrivateKey key, EcdsaContentSigner.Prepared prepared) {}

    private static volatile PreparedKey lastPrepared;

    /** ECDSA P-256/P-384 on BouncyCastle's low-level API with the key prepared once; other keys through the JCA. */
    static ContentSigner signer(PrivateKey signingKey, PublicKey issuerPublicKey) throws OperatorCreationException {
        PreparedKey last = lastPrepared;
        if (last == null || last.key() != signingKey) {
            last = new PreparedKey(signingKey, EcdsaContentSigner.prepare(signingKey));
            lastPrepared = last;
        }
        if (last.prepared() != null) return EcdsaContentSigner.of(last.prepared());
        return new JcaContentSignerBuilder(signatureAlgorithm(issuerPublicKey)).setProvider(Crypto.BC).build(signingKey);
    }

    private static void addLeafExtensions(X509v3CertificateBuilder b, CertificateSpec spec) throws CertIOException {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        int usage = KeyUsage.digitalSignature;
        if ("RSA".equals(spec.publicKey().getAlgorithm())) usage |= KeyUsage.keyEncipherment;
        b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        Set<ExtendedKeyUsage> ekus = spec.extendedKeyUsages().isEmpty()
                ? Set.of(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH)
                : spec.extendedKeyUsages();
        KeyPurposeId[] purposes = ekus.stream().sorted().map(ExtendedKeyUsage::oid).toArray(KeyPurposeId[]::new);
        b.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(purposes));
        if (!spec.subjectAltNames().isEmpty()) {
            boolean emptySubject = spec.subject().getRDNs().length == 0;
            b.addExtension(Extension.subjectAlternativeName, emptySubject, generalNames(spec));
        }
        if (!spec.crlDistributionPoints().isEmpty()) {
            DistributionPoint[] points = spec.crlDistributionPoints().stream()
                    .map(url -> new DistributionPoint(new DistributionPointName(new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null))
                    .toArray(DistributionPoint[]::new);
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(points));
        }
    }

    private static GeneralNames generalNames(CertificateSpec spec) {
        return new GeneralNames(spec.subjectAltNames().stream().map(SubjectName::toGeneralName).toArray(GeneralName[]::new));
    }
}

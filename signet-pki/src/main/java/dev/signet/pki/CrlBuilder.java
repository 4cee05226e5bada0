package dev.signet.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds and signs X.509 v2 certificate revocation lists (RFC 5280 §5): issuer = the issuing CA's subject,
 * thisUpdate/nextUpdate, the CRL number (§5.2.3) and the authority key identifier (§5.2.1, from the issuer's public
 * key, so it equals the issuer's subject key identifier), and per entry the serial, revocation date and a reasonCode
 * extension (§5.3.1) unless the reason is unspecified (0), which RFC 5280 says to leave out. The signature algorithm
 * follows the issuer's key, as for certificates ({@link CertificateBuilder#signatureAlgorithm}), with
 * {@link Crypto#BC} given explicitly.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrlBuilder {
    private CrlBuilder() {}

    /**
     * One revoked certificate.
     *
     * @param reason RFC 5280 §5.3.1 reason code; 0 (unspecified) adds no extension
     */
    public record Entry(BigInteger serial, Instant revokedAt, int reason) {
        public Entry {
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(revokedAt, "revokedAt");
            if (reason < 0 || reason == 7 || reason > 10) {
                throw new IllegalArgumentException("The revocation reason " + reason + " is not an RFC 5280 reason code.");
            }
        }
    }

    /** Builds a CRL issued by {@code issuer} and signed with {@code issuerKey}. */
    public static X509CRL build(X509Certificate issuer, PrivateKey issuerKey, BigInteger number, Instant thisUpdate,
            Instant nextUpdate, List<Entry> entries) {
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("The CRL's nextUpdate " + nextUpdate + " is not after its thisUpdate " + thisUpdate + ".");
        }
        try {
            X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder b = new X509v2CRLBuilder(issuerName, Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            b.addExtension(Extension.cRLNumber, false, new ASN1Integer(number));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey()));
            for (Entry e : entries) {
                Extensions ext = null;
                if (e.reason() != CRLReason.unspecified) {
                    ExtensionsGenerator g = new ExtensionsGenerator();
                    g.addExtension(Extension.reasonCode, false, CRLReason.lookup(e.reason()));
                    ext = g.generate();
                }
                b.addCRLEntry(e.serial(), Date.from(e.revokedAt()), ext);
            }
            ContentSigner signer = new JcaContentSignerBuilder(CertificateBuilder.signatureAlgorithm(issuer.getPublicKey()))
                    .setProvider(Crypto.BC).build(issuerKey);
            return (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCRL(new java.io.ByteArrayInputStream(b.build(signer).getEncoded()));
        } catch (OperatorCreationException | java.security.NoSuchAlgorithmException | java.security.cert.CRLException
                | java.security.cert.CertificateException e) {
            throw new PkiException("The CRL could not be built: " + SecureFiles.describe(e) + ".", e);
        } catch (IOException e) {
            throw new PkiException("The CRL could not be encoded: " + SecureFiles.describe(e) + ".", e);
        }
    }
}

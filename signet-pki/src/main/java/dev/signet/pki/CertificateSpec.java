package dev.signet.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Everything that goes into one certificate except the issuer: subject, key, serial, validity, profile, names, usages
 * and CRL distribution points. Immutable.
 *
 * @param subject the subject DN; an empty name is allowed for leaves (the SAN extension is then critical)
 * @param extendedKeyUsages for leaves; empty means serverAuth + clientAuth
 * @param crlDistributionPoints URLs for the CRL distribution points extension (RFC 5280 §4.2.1.13); may be empty
 */
public record CertificateSpec(
        X500Name subject,
        PublicKey publicKey,
        BigInteger serial,
        Instant notBefore,
        Instant notAfter,
        CertificateProfile profile,
        List<SubjectName> subjectAltNames,
        Set<ExtendedKeyUsage> extendedKeyUsages,
        List<String> crlDistributionPoints) {

    public CertificateSpec {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(profile, "profile");
        subjectAltNames = List.copyOf(subjectAltNames);
        extendedKeyUsages = Set.copyOf(extendedKeyUsages);
        crlDistributionPoints = List.copyOf(crlDistributionPoints);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("The certificate would expire (" + notAfter + ") before it starts (" + notBefore + ").");
        }
    }

    /** A subject DN holding only a common name, or the empty DN when {@code commonName} is null or blank. */
    public static X500Name commonName(String commonName) {
        if (commonName == null || commonName.isBlank()) return new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
        return new org.bouncycastle.asn1.x500.X500NameBuilder()
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, commonName).build();
    }
}

package dev.signet.bench.seed;

import dev.signet.ca.signer.CaHierarchy;
import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.KeyType;
import dev.signet.pki.SerialNumbers;
import dev.signet.pki.SubjectName;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The one real leaf certificate whose DER every seeded row stores: built as the signer builds an ACME leaf (empty
 * subject, the name as a SAN, the default usages serverAuth + clientAuth, the config's CRL distribution points, a fresh
 * P-256 key) and signed once with the home's intermediate key, so its size and structure are those of a certificate the
 * CA issues. Its serial, name and dates are its own, not those of the rows. Stateless.
 */
final class TemplateCertificate {
    /** The SAN of the template. */
    static final String NAME = "seed-template.bench.test";

    private TemplateCertificate() {}

    static X509Certificate sign(CaHierarchy ca, Instant notBefore, Instant notAfter, List<String> crlDistributionPoints) {
        CertificateSpec spec = new CertificateSpec(CertificateSpec.commonName(null), KeyType.EC_P256.generate().getPublic(),
                SerialNumbers.random(), notBefore, notAfter, CertificateProfile.LEAF, List.of(SubjectName.dns(NAME)), Set.of(),
                crlDistributionPoints);
        return CertificateBuilder.issue(spec, ca.intermediate(), ca.intermediateKey());
    }
}

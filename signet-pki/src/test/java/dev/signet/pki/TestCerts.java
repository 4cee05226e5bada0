package dev.signet.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Small certificate fixtures for the PKI tests. */
final class TestCerts {
    private TestCerts() {}

    static X509Certificate root(KeyPair pair, String cn, Instant notBefore, Instant notAfter) {
        return CertificateBuilder.selfSigned(new CertificateSpec(CertificateSpec.commonName(cn), pair.getPublic(),
                SerialNumbers.random(), notBefore, notAfter, CertificateProfile.ROOT_CA, List.of(), Set.of(), List.of()),
                pair.getPrivate());
    }

    static X509Certificate issue(CertificateProfile profile, PublicKey key, String cn, List<SubjectName> sans,
                                 Instant notBefore, Instant notAfter, X509Certificate issuer, PrivateKey issuerKey) {
        return CertificateBuilder.issue(new CertificateSpec(CertificateSpec.commonName(cn), key, SerialNumbers.random(),
                notBefore, notAfter, profile, sans, Set.of(), List.of()), issuer, issuerKey);
    }
}

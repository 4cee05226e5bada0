package dev.signet.ca.signer;

import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.KeyType;
import dev.signet.pki.PkiException;
import dev.signet.pki.SerialNumbers;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Creates a new CA: a self-signed root ({@code "<name> Root CA"}) and an intermediate ({@code "<name> Intermediate
 * CA"}) signed by it, or only an intermediate signed by an existing root. Validity starts one minute in the past to
 * absorb clock skew and never extends past the signer's own expiry. Stateless apart from the clock; thread-safe.
 */
public final class CaHierarchyFactory {
    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private final Clock clock;

    public CaHierarchyFactory(Clock clock) {
        this.clock = clock;
    }

    /** A new root and intermediate, both with keys of {@code keyType}. */
    public CaHierarchy create(String name, KeyType keyType, Duration rootValidity, Duration intermediateValidity) {
        Instant now = clock.instant();
        KeyPair rootPair = keyType.generate();
        X509Certificate root = CertificateBuilder.selfSigned(new CertificateSpec(
                CertificateSpec.commonName(name + " Root CA"), rootPair.getPublic(), SerialNumbers.random(),
                now.minus(BACKDATE), now.plus(rootValidity), CertificateProfile.ROOT_CA, List.of(), Set.of(), List.of()),
                rootPair.getPrivate());
        return withIntermediate(name, keyType, intermediateValidity, root, rootPair.getPrivate());
    }

    /**
     * A new intermediate signed by an existing root. The root must be a CA certificate, currently valid, and
     * {@code rootKey} must be its key; the intermediate's validity is cut to the root's.
     */
    public CaHierarchy withExistingRoot(String name, KeyType keyType, Duration intermediateValidity,
                                        X509Certificate root, PrivateKey rootKey) {
        if (root.getBasicConstraints() < 0) {
            throw new PkiException("The root certificate " + root.getSubjectX500Principal().getName() + " is not a CA certificate.");
        }
        Instant now = clock.instant();
        if (root.getNotAfter().toInstant().isBefore(now)) {
            throw new PkiException("The root certificate expired at " + root.getNotAfter().toInstant() + ".");
        }
        KeyMatch.require(root, rootKey, "The root key does not belong to the root certificate.");
        CaHierarchy h = withIntermediate(name, keyType, intermediateValidity, root, rootKey);
        return new CaHierarchy(root, null, h.intermediate(), h.intermediateKey());
    }

    private CaHierarchy withIntermediate(String name, KeyType keyType, Duration validity, X509Certificate root, PrivateKey rootKey) {
        Instant now = clock.instant();
        KeyPair pair = keyType.generate();
        Instant notAfter = min(now.plus(validity), root.getNotAfter().toInstant());
        X509Certificate intermediate = CertificateBuilder.issue(new CertificateSpec(
                CertificateSpec.commonName(name + " Intermediate CA"), pair.getPublic(), SerialNumbers.random(),
                now.minus(BACKDATE), notAfter, CertificateProfile.INTERMEDIATE_CA, List.of(), Set.of(), List.of()),
                root, rootKey);
        return new CaHierarchy(root, rootKey, intermediate, pair.getPrivate());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

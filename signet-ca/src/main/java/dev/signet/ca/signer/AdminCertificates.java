package dev.signet.ca.signer;

import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.ExtendedKeyUsage;
import dev.signet.pki.KeyType;
import dev.signet.pki.SerialNumbers;
import dev.signet.pki.SubjectName;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The admin certificate: a client certificate (clientAuth only) from the intermediate whose only SAN is the URI
 * {@value #ADMIN_URI}. Presented over mTLS it authorises the admin API ({@code /admin/...}). Issued at {@code ca init};
 * it is as sensitive as the CA password and lives in {@code secrets/}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AdminCertificates {
    /** The SAN that marks an admin certificate. */
    public static final String ADMIN_URI = "urn:signet:admin";
    /** How long an admin certificate lives. */
    public static final Duration VALIDITY = Duration.ofDays(365);

    private AdminCertificates() {}

    /** A new admin certificate and its key. */
    public record Admin(X509Certificate certificate, KeyPair key) {}

    /** Issues an admin certificate from the hierarchy's intermediate, valid from now for {@link #VALIDITY}. */
    public static Admin issue(CaHierarchy ca, Clock clock) {
        KeyPair key = KeyType.EC_P256.generate();
        Instant now = clock.instant();
        Instant end = now.plus(VALIDITY);
        Instant caEnd = ca.intermediate().getNotAfter().toInstant();
        if (end.isAfter(caEnd)) end = caEnd;
        X509Certificate cert = CertificateBuilder.issue(new CertificateSpec(CertificateSpec.commonName("Signet admin"), key.getPublic(),
                SerialNumbers.random(), now.minus(Duration.ofMinutes(1)), end, CertificateProfile.LEAF,
                List.of(SubjectName.uri(ADMIN_URI)), Set.of(ExtendedKeyUsage.CLIENT_AUTH), List.of()), ca.intermediate(), ca.intermediateKey());
        return new Admin(cert, key);
    }

    /** The provisioner name under which the admin certificate is stored. */
    public static final String PROVISIONER = "signet-admin";

    /**
     * Stores the admin certificate (once) so that it can be checked and revoked like any other; returns whether it
     * was new. Instances starting together on one database may race here: the one that loses finds it stored.
     */
    public static boolean register(X509Certificate admin, dev.signet.ca.audit.AuditLog audit, dev.signet.ca.storage.Storage storage) {
        if (storage.findCertificate(admin.getSerialNumber()).isPresent()) return false;
        try {
            audit.recordIssuance(new dev.signet.ca.storage.CertificateRecord(admin.getSerialNumber(), PROVISIONER,
                    admin.getSubjectX500Principal().getName(), List.of(ADMIN_URI), admin.getNotBefore().toInstant(),
                    admin.getNotAfter().toInstant(), dev.signet.ca.storage.CertificateRecord.Status.VALID, null, null, admin.getEncoded()),
                    "ca");
            return true;
        } catch (dev.signet.ca.storage.DuplicateSerialException registeredMeanwhile) {
            return false;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a certificate carries the admin SAN. */
    public static boolean isAdmin(X509Certificate cert) {
        try {
            if (cert.getSubjectAlternativeNames() == null) return false;
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                if (Integer.valueOf(6).equals(san.get(0)) && URI.create(ADMIN_URI).toString().equals(san.get(1))) return true;
            }
            return false;
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }
}

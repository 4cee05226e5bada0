package dev.signet.ca.ra;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.signer.AdminCertificates;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.Storage;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;

/**
 * Decides who may use the admin API: the admin certificate itself, that is a client certificate (the TLS layer checked
 * it comes from this CA's intermediate) carrying the admin SAN ({@link AdminCertificates#ADMIN_URI}) that the CA stored
 * under {@link AdminCertificates#PROVISIONER} (same DER), within its validity, not revoked, with the clientAuth usage.
 * No request can obtain that SAN: the signer refuses {@code urn:signet:} names. Thread-safe.
 */
public final class AdminAuthority {
    private final Storage storage;
    private final Clock clock;

    public AdminAuthority(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * The admin's name for the audit log ({@code admin:<serial>}).
     *
     * @throws CaException {@code unauthenticated} (401) without a client certificate, {@code unauthorized} (403) with
     *     one that is not a valid admin certificate
     */
    public String authenticate(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            throw new CaException(Problem.UNAUTHENTICATED, "The admin API needs the admin certificate over mTLS.");
        }
        X509Certificate leaf = chain[0];
        if (!AdminCertificates.isAdmin(leaf)) {
            throw new CaException(Problem.UNAUTHORIZED, "The client certificate " + leaf.getSerialNumber() + " is not an admin certificate.");
        }
        Instant now = clock.instant();
        if (now.isBefore(leaf.getNotBefore().toInstant()) || now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new CaException(Problem.UNAUTHORIZED, "The admin certificate is outside its validity.");
        }
        CertificateRecord record = storage.findCertificate(leaf.getSerialNumber()).orElse(null);
        boolean same;
        try {
            same = record != null && java.util.Arrays.equals(record.der(), leaf.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            same = false;
        }
        // identity, not just the SAN: only the certificate the CA itself stored as its admin certificate counts
        if (!same || !AdminCertificates.PROVISIONER.equals(record.provisioner())) {
            throw new CaException(Problem.UNAUTHORIZED, "The client certificate " + leaf.getSerialNumber() + " is not this CA's admin certificate.");
        }
        if (record.status() == CertificateRecord.Status.REVOKED) {
            throw new CaException(Problem.UNAUTHORIZED, "The admin certificate " + leaf.getSerialNumber() + " is revoked.");
        }
        try {
            if (leaf.getExtendedKeyUsage() == null || !leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2")) {
                throw new CaException(Problem.UNAUTHORIZED, "The admin certificate is not a client certificate.");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new CaException(Problem.UNAUTHORIZED, "The admin certificate cannot be read.");
        }
        return "admin:" + leaf.getSerialNumber();
    }
}

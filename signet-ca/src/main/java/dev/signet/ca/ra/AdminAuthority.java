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
 * Decides who may use the admin API: a client certificate (already checked by the TLS layer to come from this CA's
 * intermediate) that carries the admin SAN ({@link AdminCertificates#ADMIN_URI}), is within its validity and is not
 * revoked. Thread-safe.
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
        if (storage.findCertificate(leaf.getSerialNumber()).map(r -> r.status() == CertificateRecord.Status.REVOKED).orElse(false)) {
            throw new CaException(Problem.UNAUTHORIZED, "The admin certificate " + leaf.getSerialNumber() + " is revoked.");
        }
        return "admin:" + leaf.getSerialNumber();
    }
}

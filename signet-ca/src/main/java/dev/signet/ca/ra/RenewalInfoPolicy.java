package dev.signet.ca.ra;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.signer.Signer;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * ACME Renewal Information (RFC 9773): for a certificate this CA issued, the window in which to renew. A valid
 * certificate's window runs from 2/3 to 5/6 of its lifetime (the 2/3 point is where step-ca's and Signet's own
 * agents renew); a revoked certificate's window is already open, so clients replace it at once (§4.2).
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
public final class RenewalInfoPolicy {
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(6);
    private static final Duration MIN_RETRY_AFTER = Duration.ofMinutes(1);

    private final Storage storage;
    private final Signer signer;
    private final Clock clock;

    public RenewalInfoPolicy(Storage storage, Signer signer, Clock clock) {
        this.storage = storage;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * The renewal window of the certificate a certID names.
     *
     * @throws CaException {@code malformed} for a bad certID, {@code notFound} for a certificate this CA did not issue
     */
    public RenewalInfo window(String certIdText) {
        CertId id = CertId.parse(certIdText);
        CertificateRecord r = id.issuedBy(signer.intermediateKeyId()) ? storage.findCertificate(id.serial()).orElse(null) : null;
        if (r == null) throw new CaException(Problem.NOT_FOUND, "No certificate issued by this CA has the identifier " + certIdText + ".");
        Instant now = clock.instant();
        if (r.status() == CertificateRecord.Status.REVOKED) {
            Instant start = r.revokedAt().isBefore(now) ? r.revokedAt() : now;
            return new RenewalInfo(start.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), MIN_RETRY_AFTER);
        }
        Duration lifetime = Duration.between(r.notBefore(), r.notAfter());
        Instant start = r.notBefore().plus(lifetime.multipliedBy(2).dividedBy(3));
        Instant end = r.notBefore().plus(lifetime.multipliedBy(5).dividedBy(6));
        Duration retry = lifetime.dividedBy(10);
        if (retry.compareTo(MAX_RETRY_AFTER) > 0) retry = MAX_RETRY_AFTER;
        if (retry.compareTo(MIN_RETRY_AFTER) < 0) retry = MIN_RETRY_AFTER;
        return new RenewalInfo(start, end, retry);
    }
}

package dev.signet.ca.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * The hold one instance has on an order it is finalizing (RFC 8555 §7.4: the order is {@code processing}). The order
 * stores the CSR and this hold; once {@code deadline} has passed without the order leaving processing, another
 * instance may take the order over under a new token and issue from the same CSR. Only the holder of the current token
 * can complete the order ({@link Storage#insertCertificate(CertificateRecord, AuditEvent, Finalization)}) or fail it,
 * so an order yields at most one certificate however many instances try. Immutable.
 *
 * @param csr the DER-encoded CSR of the finalize request; null for orders that went processing before Signet kept it
 */
public record Finalization(String orderId, String token, Instant deadline, byte[] csr) {
    public Finalization {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(deadline, "deadline");
    }
}

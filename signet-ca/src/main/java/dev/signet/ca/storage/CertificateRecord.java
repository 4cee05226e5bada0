package dev.signet.ca.storage;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * One issued certificate as stored: identity, names, validity, revocation state and the DER encoding. Immutable.
 *
 * @param revokedAt null unless revoked
 * @param revocationReason RFC 5280 §5.3.1 reason code; null unless revoked
 */
public record CertificateRecord(
        BigInteger serial,
        String provisioner,
        String subject,
        List<String> sans,
        Instant notBefore,
        Instant notAfter,
        Status status,
        Instant revokedAt,
        Integer revocationReason,
        byte[] der) {

    public enum Status { VALID, REVOKED }

    public CertificateRecord {
        sans = List.copyOf(sans);
    }
}

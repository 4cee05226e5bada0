package dev.signet.ca.storage;

import java.time.Instant;

/**
 * Which stored certificates {@link Storage#listCertificates(CertificateQuery)} returns: every filter that is not null
 * must hold. Immutable.
 *
 * <p>The stored status is only {@code VALID} or {@code REVOKED}; whether a valid certificate has expired depends on
 * {@code now}, so {@link State#VALID} means stored valid and {@code not_after > now}, and {@link State#EXPIRED} stored
 * valid and {@code not_after <= now} (RFC 5280 §4.1.2.5: notAfter is the last instant of validity, rounded to the
 * database's milliseconds). A revoked certificate is {@link State#REVOKED} whether or not it has expired.
 *
 * @param provisioner only certificates issued through this provisioner; null for all
 * @param state only certificates in this state at {@code now}; null for all
 * @param expiresAfter only certificates whose notAfter is after this instant (exclusive); null for no lower bound
 * @param expiresBy only certificates whose notAfter is at or before this instant (inclusive); null for no upper bound
 * @param now the instant that tells valid from expired; required when {@code state} is {@code VALID} or
 *     {@code EXPIRED}, else may be null
 * @param limit at most this many certificates (at least 1)
 */
public record CertificateQuery(String provisioner, State state, Instant expiresAfter, Instant expiresBy, Instant now, int limit) {

    /** A certificate's state as an operator sees it: the stored status, with expiry applied to valid ones. */
    public enum State { VALID, REVOKED, EXPIRED }

    public CertificateQuery {
        if (limit < 1) throw new IllegalArgumentException("The limit must be at least 1, not " + limit + ".");
        if ((state == State.VALID || state == State.EXPIRED) && now == null) {
            throw new IllegalArgumentException("The state " + state + " needs the current instant to tell valid from expired.");
        }
    }

    /** All certificates, up to {@code limit}. */
    public static CertificateQuery all(int limit) {
        return new CertificateQuery(null, null, null, null, null, limit);
    }

    /** The state of {@code record} at {@code now}, by the same rule the query applies. */
    public static State stateOf(CertificateRecord record, Instant now) {
        if (record.status() == CertificateRecord.Status.REVOKED) return State.REVOKED;
        return record.notAfter().toEpochMilli() <= now.toEpochMilli() ? State.EXPIRED : State.VALID;
    }
}

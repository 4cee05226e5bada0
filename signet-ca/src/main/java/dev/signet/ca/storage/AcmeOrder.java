package dev.signet.ca.storage;

import dev.signet.ca.error.ProblemDetail;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * An ACME order (RFC 8555 §7.1.3) as stored. Its authorizations are stored separately and listed by id in creation
 * order. Immutable.
 *
 * @param notBefore requested certificate start, or null
 * @param notAfter requested certificate end, or null
 * @param profile the profile name (draft-ietf-acme-profiles), or null for the provisioner's default
 * @param replaces the RFC 9773 certID of the certificate this order replaces, or null
 * @param error why the order became invalid, or null
 * @param certificateSerial the issued certificate once valid, else null
 */
public record AcmeOrder(
        String id,
        String accountId,
        String provisioner,
        Status status,
        Instant expiresAt,
        List<AcmeIdentifier> identifiers,
        Instant notBefore,
        Instant notAfter,
        String profile,
        String replaces,
        ProblemDetail error,
        BigInteger certificateSerial,
        List<String> authorizationIds,
        Instant createdAt) {

    public enum Status { PENDING, READY, PROCESSING, VALID, INVALID }

    public AcmeOrder {
        identifiers = List.copyOf(identifiers);
        authorizationIds = List.copyOf(authorizationIds);
    }

    public AcmeOrder withStatus(Status s, ProblemDetail e, BigInteger serial) {
        return new AcmeOrder(id, accountId, provisioner, s, expiresAt, identifiers, notBefore, notAfter, profile, replaces,
                e, serial, authorizationIds, createdAt);
    }
}

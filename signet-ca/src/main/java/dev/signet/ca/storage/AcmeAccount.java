package dev.signet.ca.storage;

import java.time.Instant;
import java.util.List;

/**
 * An ACME account (RFC 8555 §7.1.2) of one provisioner, identified by its key's RFC 7638 thumbprint. Immutable.
 *
 * @param jwk the account public key as JWK JSON
 * @param eabKeyId the external account key it was bound with, or null
 */
public record AcmeAccount(
        String id,
        String provisioner,
        String keyThumbprint,
        String jwk,
        Status status,
        List<String> contact,
        boolean termsAgreed,
        String eabKeyId,
        Instant createdAt) {

    public enum Status { VALID, DEACTIVATED, REVOKED }

    public AcmeAccount {
        contact = List.copyOf(contact);
    }

    public AcmeAccount withStatus(Status s) {
        return new AcmeAccount(id, provisioner, keyThumbprint, jwk, s, contact, termsAgreed, eabKeyId, createdAt);
    }

    public AcmeAccount withContact(List<String> c) {
        return new AcmeAccount(id, provisioner, keyThumbprint, jwk, status, c, termsAgreed, eabKeyId, createdAt);
    }
}

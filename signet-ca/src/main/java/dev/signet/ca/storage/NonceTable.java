package dev.signet.ca.storage;

import java.time.Instant;

/**
 * ACME replay nonces (RFC 8555 §7.2) in table {@code acme_nonces}. A nonce is a row until it is used or purged, so every
 * CA instance on the database accepts nonces that any of them issued.
 *
 * <p>Thread- and multi-instance-safe: consuming is one {@code DELETE} whose update count says whether this caller
 * was the one that used the nonce up, so concurrent consumers of one nonce see exactly one success.
 */
final class NonceTable {
    private final Jdbc db;

    NonceTable(Jdbc db) {
        this.db = db;
    }

    void insert(String nonce, Instant expiresAt) {
        db.undurable("store a nonce", c ->
                Jdbc.update(c, "INSERT INTO acme_nonces (value, expires_at) VALUES (?, ?)", nonce, expiresAt));
    }

    boolean consume(String nonce, Instant now) {
        return db.undurable("consume a nonce", c ->
                Jdbc.update(c, "DELETE FROM acme_nonces WHERE value = ? AND expires_at > ?", nonce, now) == 1);
    }

    int purgeExpired(Instant now) {
        return db.transaction("purge expired nonces", c ->
                Jdbc.update(c, "DELETE FROM acme_nonces WHERE expires_at <= ?", now));
    }
}

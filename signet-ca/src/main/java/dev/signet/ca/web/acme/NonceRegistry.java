package dev.signet.ca.web.acme;

import java.util.function.BooleanSupplier;

/**
 * Anti-replay nonces (RFC 8555 §6.5), kept where they cost least: in this process ({@link ProcessNonces}, no database
 * write) while this instance is alone on its database, in the database ({@link StoredNonces}, two writes each) while
 * other instances share it, so that a client behind a load balancer may send a nonce from one instance to another.
 *
 * <p>Each kind is accepted whatever the current mode, told apart by its length: a nonce issued just before another
 * instance appeared is still good here. Another instance refuses it with {@code badNonce} and a fresh, stored nonce,
 * and the client retries (§6.5), which happens only in the second or so before this instance sees the new one. No
 * nonce is accepted twice in any mode: a process nonce only ever by the process that issued it, a stored one by the
 * database's compare-and-delete.
 *
 * <p>Thread-safe.
 */
final class NonceRegistry {
    private final ProcessNonces local;
    private final StoredNonces stored;
    private final BooleanSupplier alone;

    /** @param alone whether this instance is alone on its database now; false whenever unsure */
    NonceRegistry(ProcessNonces local, StoredNonces stored, BooleanSupplier alone) {
        this.local = local;
        this.stored = stored;
        this.alone = alone;
    }

    /** A fresh nonce. */
    String next() {
        return alone.getAsBoolean() ? local.next() : stored.next();
    }

    /** Uses up a nonce; true exactly once for a nonce this CA issued and that has not expired. */
    boolean consume(String nonce) {
        if (nonce == null) return false;
        return nonce.length() == ProcessNonces.LENGTH ? local.consume(nonce) : stored.consume(nonce);
    }
}

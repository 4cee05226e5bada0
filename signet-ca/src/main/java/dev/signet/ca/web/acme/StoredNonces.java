package dev.signet.ca.web.acme;

import dev.signet.ca.storage.Storage;
import dev.signet.pki.Crypto;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Anti-replay nonces (RFC 8555 §6.5) for several instances on one database: 128 random bits, base64url (22
 * characters), stored so that any instance sharing the database accepts each exactly once within its lifetime. Each
 * costs two database writes: its row, then the row's deletion when it is used. Expired nonces are purged every few
 * thousand issued.
 *
 * <p>Thread-safe.
 */
final class StoredNonces {
    static final Duration LIFETIME = Duration.ofHours(1);
    private static final int PURGE_EVERY = 4096;

    private final Storage storage;
    private final Clock clock;
    private final AtomicLong issued = new AtomicLong();

    StoredNonces(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** A fresh nonce. */
    String next() {
        byte[] b = new byte[16];
        Crypto.RANDOM.nextBytes(b);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        storage.insertNonce(nonce, clock.instant().plus(LIFETIME));
        if (issued.incrementAndGet() % PURGE_EVERY == 0) storage.purgeExpiredNonces(clock.instant());
        return nonce;
    }

    /** Uses up a nonce; true exactly once for a nonce this CA issued and that has not expired. */
    boolean consume(String nonce) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > 64) return false;
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) return false;
        }
        return storage.consumeNonce(nonce, clock.instant());
    }
}

package dev.signet.ca.web.acme;

import dev.signet.pki.Crypto;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Anti-replay nonces (RFC 8555 §6.5) that only this process issues and accepts, with no database write: for an
 * instance alone on its database (issue 7: the two nonce writes per request were 15% of the CA's CPU).
 *
 * <p>A nonce is 18 bytes, base64url (24 characters, {@link #LENGTH}): a 2-byte tag drawn when the process starts,
 * then one AES block encrypting {@code (sequence number: 8 bytes, expiry: 4 bytes of epoch seconds, 4 zero bytes)}
 * under a key drawn when the process starts. Encrypting distinct blocks under a secret key makes the nonces
 * unpredictable (§6.5.1); single-block ECB is the plain use of AES as a permutation here, every block being distinct.
 * A nonce is accepted when its tag matches, its block decrypts to the zero bytes, it has not expired, its sequence
 * number is one of the last {@code window} issued, and that number is not yet marked used; accepting marks it. The
 * marks are a ring of {@code window} bits, so memory stays fixed whatever the load: a nonce that more than
 * {@code window} later nonces have overtaken is refused as expired.
 *
 * <p>Another process, or this one after a restart, has another key and tag and refuses these nonces: the client gets
 * {@code badNonce} with a fresh nonce and retries (§6.5), as every ACME client does.
 *
 * <p>Thread-safe: issuing and using hold one lock for a few instructions; encryption runs outside it, with one cipher
 * per thread.
 */
final class ProcessNonces {
    /** The length of every nonce issued here; stored nonces ({@link StoredNonces}) are shorter. */
    static final int LENGTH = 24;
    /** How many of the latest nonces may be used: 4 Mi, half a MiB of marks, over an hour at 1,000 requests/s. */
    static final int DEFAULT_WINDOW = 1 << 22;

    private static final int TAG = 2;
    private static final int BLOCK = 16;

    private final Clock clock;
    private final long lifetimeSeconds;
    private final int window;
    private final long[] used;
    private final byte[] tag = new byte[TAG];
    private final SecretKey key;
    private final ThreadLocal<Cipher> encrypt;
    private final ThreadLocal<Cipher> decrypt;
    private final Object lock = new Object();
    /** The sequence number of the latest nonce issued; guarded by {@link #lock}. */
    private long issued;

    /**
     * @param lifetime how long a nonce may be used after it was issued
     * @param window how many of the latest nonces may be used: a power of two
     */
    ProcessNonces(Clock clock, Duration lifetime, int window) {
        if (window < 64 || Integer.bitCount(window) != 1) throw new IllegalArgumentException("The nonce window must be a power of two of at least 64.");
        this.clock = clock;
        this.lifetimeSeconds = lifetime.toSeconds();
        this.window = window;
        this.used = new long[window / 64];
        byte[] k = new byte[16];
        Crypto.RANDOM.nextBytes(k);
        Crypto.RANDOM.nextBytes(tag);
        this.key = new SecretKeySpec(k, "AES");
        this.encrypt = ThreadLocal.withInitial(() -> cipher(Cipher.ENCRYPT_MODE));
        this.decrypt = ThreadLocal.withInitial(() -> cipher(Cipher.DECRYPT_MODE));
    }

    /** A fresh nonce. */
    String next() {
        long n;
        synchronized (lock) {
            n = ++issued;
            int bit = (int) (n & (window - 1));
            used[bit >>> 6] &= ~(1L << (bit & 63)); // the mark of the nonce this one pushes out of the window
        }
        long expiry = clock.instant().getEpochSecond() + lifetimeSeconds;
        ByteBuffer plain = ByteBuffer.allocate(BLOCK).putLong(n).putInt((int) expiry).putInt(0);
        byte[] out = new byte[TAG + BLOCK];
        System.arraycopy(tag, 0, out, 0, TAG);
        try {
            encrypt.get().doFinal(plain.array(), 0, BLOCK, out, TAG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed on a nonce.", e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** Uses up a nonce: true exactly once for a nonce this process issued that has not expired. */
    boolean consume(String nonce) {
        if (nonce == null || nonce.length() != LENGTH) return false;
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (in.length != TAG + BLOCK || in[0] != tag[0] || in[1] != tag[1]) return false;
        ByteBuffer plain;
        try {
            plain = ByteBuffer.wrap(decrypt.get().doFinal(in, TAG, BLOCK));
        } catch (GeneralSecurityException e) {
            return false;
        }
        long n = plain.getLong(0);
        long expiry = Integer.toUnsignedLong(plain.getInt(8));
        if (plain.getInt(12) != 0 || clock.instant().getEpochSecond() >= expiry) return false;
        synchronized (lock) {
            if (n > issued || n <= issued - window || n <= 0) return false;
            int bit = (int) (n & (window - 1));
            long mask = 1L << (bit & 63);
            if ((used[bit >>> 6] & mask) != 0) return false;
            used[bit >>> 6] |= mask;
            return true;
        }
    }

    private Cipher cipher(int mode) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(mode, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no AES.", e);
        }
    }
}

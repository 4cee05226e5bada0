package dev.signet.ca.ra;

import dev.signet.pki.Crypto;
import java.util.Base64;

/** Random identifiers for ACME objects and challenge tokens (RFC 8555 §8.1: at least 128 bits of entropy). Thread-safe. */
public final class AcmeIds {
    private AcmeIds() {}

    /** A new object id: 128 random bits, base64url without padding. */
    public static String newId() {
        return random(16);
    }

    /** A new challenge token: 256 random bits, base64url without padding. */
    public static String newToken() {
        return random(32);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        Crypto.RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

package dev.signet.ca.ra;

import dev.signet.pki.Crypto;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Identifiers for ACME objects and challenge tokens (RFC 8555 §8.1: at least 128 bits of entropy). Thread-safe.
 *
 * <p>An object id is 30 characters: the creation time's epoch seconds as 8 lower-case hex digits (wrapping in 2106,
 * which only loosens the ordering), then 128 random bits in base64url. Ids created in later seconds therefore sort
 * after earlier ones (digits and lower-case letters keep that order under any collation), so the database indexes
 * keyed on them take new rows at their right-hand edge rather than on a random page: a burst of orders touches a few
 * hot index pages instead of one cold page per row. The random part alone keeps ids unguessable and distinct.
 * Challenge tokens stay wholly random: nothing is indexed on them.
 */
public final class AcmeIds {
    /** Length of an object id. */
    public static final int ID_LENGTH = 30;

    private static final HexFormat HEX = HexFormat.of();

    private AcmeIds() {}

    /**
     * A new object id for an object created at {@code now}.
     *
     * @param now the creation time; only its epoch seconds are used
     */
    public static String newId(Instant now) {
        return HEX.toHexDigits((int) now.getEpochSecond()) + random(16); // the int keeps the low 32 bits
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

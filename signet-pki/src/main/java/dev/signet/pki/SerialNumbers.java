package dev.signet.pki;

import java.math.BigInteger;
import java.time.Instant;

/**
 * Certificate serial numbers: positive and at most 20 octets encoded (RFC 5280 §4.1.2.2), with far more than the 64
 * bits of entropy the CA/Browser Forum's Baseline Requirements (§7.1) ask for. Thread-safe.
 *
 * <ul>
 *   <li>{@link #random()}: 159 bits from the CSPRNG, for certificates made one at a time (CA certificates, tests).</li>
 *   <li>{@link #timeOrdered(Instant)}: for the leaves a CA issues and stores by the thousand. The value is
 *       {@code 2^158 + (seconds << 122) + r}, with the issue time's epoch seconds in 36 bits (wrapping every 2,177
 *       years) and 122 random bits {@code r}. Every such serial has 159 bits, hence exactly 48 decimal digits, so
 *       its decimal text sorts in time order (under any collation: digits only). A database index keyed on it then
 *       takes new serials at its right-hand edge instead of on a random page, which keeps the pages a burst of
 *       issuances touches few and hot, however many certificates are stored.</li>
 * </ul>
 */
public final class SerialNumbers {
    /** Random bits below the time field of a {@link #timeOrdered(Instant) time-ordered} serial. */
    static final int RANDOM_BITS = 122;
    /** Bits of epoch seconds in a time-ordered serial. */
    static final int SECONDS_BITS = 36;
    /** Decimal digits of every time-ordered serial. */
    public static final int TIME_ORDERED_DIGITS = 48;

    private static final BigInteger TOP = BigInteger.ONE.shiftLeft(RANDOM_BITS + SECONDS_BITS);
    private static final long SECONDS_MASK = (1L << SECONDS_BITS) - 1;

    private SerialNumbers() {}

    /** A fresh random serial: positive, at least 128 bits long, at most 20 octets encoded. */
    public static BigInteger random() {
        while (true) {
            byte[] bytes = new byte[20];
            Crypto.RANDOM.nextBytes(bytes);
            bytes[0] &= 0x7f;
            BigInteger serial = new BigInteger(1, bytes);
            if (serial.bitLength() >= 128) return serial;
        }
    }

    /**
     * A fresh serial whose 48-digit decimal form sorts after those drawn in earlier seconds: 159 bits, 122 of them
     * random, at most 20 octets encoded.
     *
     * @param issuedAt the time of issue; only its epoch seconds are used
     */
    public static BigInteger timeOrdered(Instant issuedAt) {
        byte[] bytes = new byte[(RANDOM_BITS + 7) / 8]; // 16 bytes; the top 6 bits are dropped below
        Crypto.RANDOM.nextBytes(bytes);
        bytes[0] &= (byte) (0xff >>> (bytes.length * 8 - RANDOM_BITS));
        BigInteger seconds = BigInteger.valueOf(issuedAt.getEpochSecond() & SECONDS_MASK);
        return TOP.or(seconds.shiftLeft(RANDOM_BITS)).or(new BigInteger(1, bytes));
    }
}

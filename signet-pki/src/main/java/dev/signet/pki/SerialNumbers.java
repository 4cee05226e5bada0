package dev.signet.pki;

import java.math.BigInteger;

/**
 * Certificate serial numbers: positive, 159 bits from the CSPRNG, so that they fit the 20 octets RFC 5280 §4.1.2.2
 * allows and carry far more than the 64 bits of entropy the CA/Browser Forum requires. Thread-safe.
 */
public final class SerialNumbers {
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
}

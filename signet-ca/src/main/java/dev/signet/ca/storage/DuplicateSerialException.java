package dev.signet.ca.storage;

import java.math.BigInteger;

/** A certificate with this serial is already stored; the caller draws a new serial and retries. */
public class DuplicateSerialException extends RuntimeException {
    public DuplicateSerialException(BigInteger serial, Throwable cause) {
        super("A certificate with serial " + serial + " is already stored.", cause);
    }
}

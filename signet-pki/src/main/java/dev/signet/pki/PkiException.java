package dev.signet.pki;

/**
 * A PKI operation failed for a reason the user can act on: a file that cannot be read, a key that does not match,
 * a name that is malformed. The message is always one full sentence that names the file, flag or field at fault.
 */
public class PkiException extends RuntimeException {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.signet.tls.acme;

/**
 * Obtaining or renewing a certificate failed; the message is a whole sentence for the log (the CA's problem document,
 * a refused challenge, an unreachable directory).
 */
public final class AcmeFailure extends Exception {
    public AcmeFailure(String message) {
        super(message);
    }

    public AcmeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

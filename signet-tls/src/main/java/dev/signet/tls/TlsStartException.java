package dev.signet.tls;

/**
 * TLS cannot start: no certificate could be obtained, loaded from storage or taken from the fallback files, or a
 * configured file is unreadable. The message is one sentence naming what is missing and why.
 */
public final class TlsStartException extends RuntimeException {
    public TlsStartException(String message) {
        super(message);
    }

    public TlsStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.signet.tls.config;

/**
 * The {@code security.tls} configuration is malformed or inconsistent. The message is one whole sentence that names
 * the setting by its JSON path (for example {@code "security.tls.server.acme.storage_path"}) and the source it came
 * from, so it can be shown to an operator as it is.
 */
public class TlsConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.signet.tls.config;

/**
 * Where a TLS certificate comes from: {@code "manual"} files on disk ({@code cert_file}/{@code key_file}), or
 * {@code "acme"}, obtained and renewed automatically from an ACME server. Immutable.
 */
public enum TlsMode implements ConfigWord {
    /** The certificate and key are the files named by {@code cert_file} and {@code key_file}. */
    MANUAL("manual"),
    /** The certificate is obtained and renewed over ACME; {@code cert_file}/{@code key_file}, if set, are a fallback. */
    ACME("acme");

    private final String configValue;

    TlsMode(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}

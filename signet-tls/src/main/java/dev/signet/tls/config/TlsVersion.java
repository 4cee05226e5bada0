package dev.signet.tls.config;

/** The lowest TLS protocol version accepted ({@code min_version}: {@code "1.2"} or {@code "1.3"}). Immutable. */
public enum TlsVersion implements ConfigWord {
    TLS_1_2("1.2", "TLSv1.2"),
    TLS_1_3("1.3", "TLSv1.3");

    private final String configValue;
    private final String protocolName;

    TlsVersion(String configValue, String protocolName) {
        this.configValue = configValue;
        this.protocolName = protocolName;
    }

    @Override
    public String configValue() {
        return configValue;
    }

    /** The JSSE protocol name, for {@code SSLParameters.setProtocols}: {@code TLSv1.2} or {@code TLSv1.3}. */
    public String protocolName() {
        return protocolName;
    }
}

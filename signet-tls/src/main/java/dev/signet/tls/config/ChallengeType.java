package dev.signet.tls.config;

/**
 * How the ACME server validates control of a domain ({@code challenge_type}): {@code "http-01"} (the default, a
 * responder on port 80) or {@code "tls-alpn-01"} (a responder on port 443 speaking ALPN {@code acme-tls/1}). Immutable.
 */
public enum ChallengeType implements ConfigWord {
    HTTP_01("http-01"),
    TLS_ALPN_01("tls-alpn-01");

    private final String configValue;

    ChallengeType(String configValue) {
        this.configValue = configValue;
    }

    /** The challenge type as RFC 8555 and the configuration name it. */
    @Override
    public String configValue() {
        return configValue;
    }
}

package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * {@code crl}: the certificate revocation list (RFC 5280 §5) the CA publishes at {@code GET /crl}. Any field may be
 * left out for its default. Immutable.
 *
 * @param enabled whether the CA builds and serves a CRL (default true)
 * @param url the CRL distribution point written into issued certificates (RFC 5280 §4.2.1.13), an absolute http or
 *     https URL; none by default. Relying parties usually fetch CRLs over plain HTTP, hence {@code httpAddress}.
 * @param cacheDuration how long a CRL is valid: nextUpdate minus thisUpdate (default 24h); a new one is built when
 *     3/4 of it has passed, and at once after every revocation
 * @param httpAddress a plain-HTTP listen address ({@code :9001}) that serves only {@code GET /crl}; none by default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrlConfig(Boolean enabled, String url, Duration cacheDuration, String httpAddress) {
    /** The defaults: enabled, valid 24h, no distribution point, no plain-HTTP listener. */
    public static final CrlConfig DEFAULTS = new CrlConfig(true, null, Duration.ofHours(24), null);

    /** These settings with each missing field taken from {@link #DEFAULTS}. */
    public CrlConfig withDefaults() {
        return new CrlConfig(enabled != null ? enabled : DEFAULTS.enabled, url,
                cacheDuration != null ? cacheDuration : DEFAULTS.cacheDuration, httpAddress);
    }

    /** Whether the CRL is built and served (true unless {@code enabled} is false). */
    @JsonIgnore
    public boolean isEnabled() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** The distribution points issued certificates carry: {@code url} when the CRL is enabled and a URL is set. */
    @JsonIgnore
    public List<String> distributionPoints() {
        return isEnabled() && url != null ? List.of(url) : List.of();
    }
}

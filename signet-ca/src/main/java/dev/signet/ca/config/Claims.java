package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * Certificate limits (step-ca's {@code claims}): the default lifetime and the smallest and largest a request may ask
 * for, and the renewal rules of {@code POST /renew}. In a provisioner any field may be left out to inherit the
 * authority-wide value. Immutable.
 *
 * @param allowRenewalAfterExpiry whether an expired certificate may still be renewed over mTLS (default false)
 * @param disableRenewal whether {@code POST /renew} is refused for the provisioner's certificates (default false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Claims(Duration defaultTLSCertDuration, Duration minTLSCertDuration, Duration maxTLSCertDuration,
        Boolean allowRenewalAfterExpiry, Boolean disableRenewal) {
    /** step-ca's defaults: 24h by default, between 5m and 24h; renewal allowed, not after expiry (unset means false). */
    public static final Claims DEFAULTS = new Claims(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofHours(24));

    /** Duration claims only; the renewal claims are inherited. */
    public Claims(Duration defaultTLSCertDuration, Duration minTLSCertDuration, Duration maxTLSCertDuration) {
        this(defaultTLSCertDuration, minTLSCertDuration, maxTLSCertDuration, null, null);
    }

    /** These claims with each missing field taken from {@code parent}. */
    public Claims inheriting(Claims parent) {
        return new Claims(
                defaultTLSCertDuration != null ? defaultTLSCertDuration : parent.defaultTLSCertDuration,
                minTLSCertDuration != null ? minTLSCertDuration : parent.minTLSCertDuration,
                maxTLSCertDuration != null ? maxTLSCertDuration : parent.maxTLSCertDuration,
                allowRenewalAfterExpiry != null ? allowRenewalAfterExpiry : parent.allowRenewalAfterExpiry,
                disableRenewal != null ? disableRenewal : parent.disableRenewal);
    }

    /** Whether an expired certificate may be renewed (false when unset). */
    @JsonIgnore
    public boolean renewalAfterExpiryAllowed() {
        return Boolean.TRUE.equals(allowRenewalAfterExpiry);
    }

    /** Whether renewal is disabled (false when unset). */
    @JsonIgnore
    public boolean renewalDisabled() {
        return Boolean.TRUE.equals(disableRenewal);
    }
}

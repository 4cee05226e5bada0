package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * Certificate duration limits (step-ca's {@code claims}): the default lifetime and the smallest and largest a request
 * may ask for. In a provisioner any field may be left out to inherit the authority-wide value. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Claims(Duration defaultTLSCertDuration, Duration minTLSCertDuration, Duration maxTLSCertDuration) {
    /** step-ca's defaults: 24h by default, between 5m and 24h. */
    public static final Claims DEFAULTS = new Claims(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofHours(24));

    /** These claims with each missing field taken from {@code parent}. */
    public Claims inheriting(Claims parent) {
        return new Claims(
                defaultTLSCertDuration != null ? defaultTLSCertDuration : parent.defaultTLSCertDuration,
                minTLSCertDuration != null ? minTLSCertDuration : parent.minTLSCertDuration,
                maxTLSCertDuration != null ? maxTLSCertDuration : parent.maxTLSCertDuration);
    }
}

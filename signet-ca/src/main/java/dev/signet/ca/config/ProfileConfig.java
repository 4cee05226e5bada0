package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * A named certificate profile (draft-ietf-acme-profiles §3): what a certificate ordered with it looks like. Immutable.
 *
 * @param description shown to clients in the directory's {@code meta.profiles}
 * @param duration the certificate lifetime; must lie within the provisioner's claims; null for the claims' default
 * @param extendedKeyUsages usage names such as {@code serverAuth}, {@code clientAuth}; null or empty for both
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileConfig(String description, Duration duration, List<String> extendedKeyUsages) {}

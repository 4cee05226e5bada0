package dev.signet.tls.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code acme} block (under {@code security.tls.server} or {@code security.tls.client}): obtain the certificate
 * from an ACME server (RFC 8555) such as Signet or step-ca, keep it in {@code storage_path} and renew it in the
 * background before it expires.
 *
 * <p>When enabled (and its server or client is enabled), {@code directory_url} (an absolute https URL), {@code domains} (at least one DNS name or IP
 * address, no wildcards since neither supported challenge can validate one) and {@code storage_path} are required.
 * {@code email} is optional: the seed's field table marks it required, but RFC 8555 makes the account contact optional
 * and ACME servers such as step-ca do not ask for it, so a missing email only means an account without a contact; a
 * written email must be a valid address. Beyond the seed's table: {@code check_interval} (how often the renewal loop
 * looks, the seed's fixed "every 1 hour"), {@code http01_address} and {@code tls_alpn01_address} (where the challenge
 * responders listen, the seed's ports 80 and 443).
 *
 * <p>Immutable and thread-safe (the list is copied); built and checked by {@link TlsConfigParser}.
 *
 * @param enabled {@code enabled}
 * @param directoryUrl {@code directory_url}: the ACME directory, present when enabled
 * @param email {@code email}: the account contact, if any
 * @param domains {@code domains}: the names the certificate is for, non-empty when enabled
 * @param challengeType {@code challenge_type}, {@code "http-01"} when not written
 * @param renewBefore {@code renew_before}: renew when less than this much lifetime is left, 8h when not written
 * @param storagePath {@code storage_path}: the directory holding the account key and certificate, present when enabled
 * @param caBundle {@code ca_bundle}: a PEM root to trust for the ACME server's HTTPS; empty means the system trust store
 * @param checkInterval {@code check_interval}: how often the renewal loop checks the certificate, 1h when not written
 * @param http01Address {@code http01_address}: the HTTP-01 responder's listen address, {@code ":80"} when not written
 * @param tlsAlpn01Address {@code tls_alpn01_address}: the TLS-ALPN-01 responder's listen address, {@code ":443"} when
 *     not written
 */
public record AcmeTls(
        boolean enabled,
        Optional<URI> directoryUrl,
        Optional<String> email,
        List<String> domains,
        ChallengeType challengeType,
        Duration renewBefore,
        Optional<Path> storagePath,
        Optional<Path> caBundle,
        Duration checkInterval,
        String http01Address,
        String tlsAlpn01Address) {
    /** {@code renew_before} when not written. */
    public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofHours(8);
    /** {@code check_interval} when not written. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofHours(1);
    /** {@code http01_address} when not written: port 80 on all interfaces. */
    public static final String DEFAULT_HTTP01_ADDRESS = ":80";
    /** {@code tls_alpn01_address} when not written: port 443 on all interfaces. */
    public static final String DEFAULT_TLS_ALPN01_ADDRESS = ":443";

    public AcmeTls {
        Objects.requireNonNull(directoryUrl, "directoryUrl");
        Objects.requireNonNull(email, "email");
        domains = List.copyOf(domains);
        Objects.requireNonNull(challengeType, "challengeType");
        Objects.requireNonNull(renewBefore, "renewBefore");
        Objects.requireNonNull(storagePath, "storagePath");
        Objects.requireNonNull(caBundle, "caBundle");
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(http01Address, "http01Address");
        Objects.requireNonNull(tlsAlpn01Address, "tlsAlpn01Address");
    }

    /** The listen address of the responder for {@link #challengeType()}. */
    public String challengeAddress() {
        return challengeType == ChallengeType.HTTP_01 ? http01Address : tlsAlpn01Address;
    }
}

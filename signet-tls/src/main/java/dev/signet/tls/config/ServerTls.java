package dev.signet.tls.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code security.tls.server} block: whether the application's servers speak TLS, where their certificate comes
 * from, the lowest TLS version they accept and whether they ask clients for certificates (mTLS).
 *
 * <p>{@code "enabled": false} is Tier 1 (plain) and nothing else is needed. With TLS enabled, {@link TlsMode#MANUAL}
 * needs {@code cert_file} and {@code key_file}; {@link TlsMode#ACME} needs an enabled {@code acme} block, and
 * {@code cert_file}/{@code key_file}, if both are given, are the fallback the seed describes. When {@code mode} is not
 * written it is {@code "acme"} if {@code acme.enabled} is true and {@code "manual"} otherwise.
 *
 * <p>Immutable and thread-safe; built and checked by {@link TlsConfigParser}.
 *
 * @param enabled {@code enabled}: false for plain connections (Tier 1)
 * @param mode {@code mode}, defaulted as above
 * @param certFile {@code cert_file}: the PEM certificate (chain), or the ACME fallback
 * @param keyFile {@code key_file}: the PEM private key matching {@code certFile}
 * @param minVersion {@code min_version}, {@code "1.2"} when not written
 * @param acme the {@code acme} block, empty when absent
 * @param mtls the {@code mtls} block, empty when absent (no client certificates asked for)
 */
public record ServerTls(
        boolean enabled,
        TlsMode mode,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        TlsVersion minVersion,
        Optional<AcmeTls> acme,
        Optional<MtlsConfig> mtls) {
    public ServerTls {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(minVersion, "minVersion");
        Objects.requireNonNull(acme, "acme");
        Objects.requireNonNull(mtls, "mtls");
    }

    /** Whether clients must be (or may be) authenticated with certificates: an {@code mtls} block that is enabled. */
    public boolean mtlsEnabled() {
        return mtls.map(MtlsConfig::enabled).orElse(false);
    }
}

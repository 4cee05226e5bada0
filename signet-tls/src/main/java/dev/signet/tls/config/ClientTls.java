package dev.signet.tls.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code security.tls.client} block: how the application's clients verify the servers they connect to
 * ({@code ca_files}, {@code insecure_skip_verify}, {@code min_version}) and which certificate they present for mTLS
 * ({@code cert_file}/{@code key_file}, or one obtained over ACME).
 *
 * <p>{@code enabled} is optional here and defaults to true, because every client example in the seed leaves it out
 * yet expects the block to apply. A client certificate is optional: in {@link TlsMode#MANUAL} mode
 * {@code cert_file}/{@code key_file} are given both or neither; in {@link TlsMode#ACME} mode the {@code acme} block
 * must be enabled. {@code mode} defaults as in {@link ServerTls}. Empty {@code ca_files} means the system trust store.
 *
 * <p>Immutable and thread-safe (the list is copied); built and checked by {@link TlsConfigParser}.
 *
 * @param enabled {@code enabled}, true when not written
 * @param mode {@code mode}, {@code "acme"} if {@code acme.enabled} is true and {@code "manual"} otherwise
 * @param certFile {@code cert_file}: the client certificate for mTLS (or the ACME fallback)
 * @param keyFile {@code key_file}: its private key
 * @param caFiles {@code ca_files}: PEM roots to trust for servers; empty means the system trust store
 * @param insecureSkipVerify {@code insecure_skip_verify}: skip server verification (development only), false by default
 * @param minVersion {@code min_version}, {@code "1.2"} when not written
 * @param acme the {@code acme} block obtaining the client certificate, empty when absent
 */
public record ClientTls(
        boolean enabled,
        TlsMode mode,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        List<Path> caFiles,
        boolean insecureSkipVerify,
        TlsVersion minVersion,
        Optional<AcmeTls> acme) {
    public ClientTls {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        caFiles = List.copyOf(caFiles);
        Objects.requireNonNull(minVersion, "minVersion");
        Objects.requireNonNull(acme, "acme");
    }
}

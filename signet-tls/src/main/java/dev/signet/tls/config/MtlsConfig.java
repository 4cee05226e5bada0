package dev.signet.tls.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code security.tls.server.mtls} block: whether the server asks clients for certificates, which roots it trusts
 * for them and which client common names it lets in.
 *
 * <p>When enabled (and the server is enabled), {@code client_ca_files} must list at least one file. {@code require_client_cert} defaults to true
 * (a client without a certificate is refused); false lets such clients in and still verifies any certificate they do
 * present. An empty {@code allowed_client_cns} lets in any client whose certificate chains to a {@code client_ca_files}
 * root.
 *
 * <p>Immutable and thread-safe (the lists are copied); built and checked by {@link TlsConfigParser}.
 *
 * @param enabled {@code enabled}
 * @param clientCaFiles {@code client_ca_files}: PEM roots client certificates must chain to
 * @param requireClientCert {@code require_client_cert}, true when not written
 * @param allowedClientCns {@code allowed_client_cns}: the subject common names allowed in; empty means any
 */
public record MtlsConfig(boolean enabled, List<Path> clientCaFiles, boolean requireClientCert, List<String> allowedClientCns) {
    public MtlsConfig {
        clientCaFiles = List.copyOf(clientCaFiles);
        allowedClientCns = List.copyOf(allowedClientCns);
    }
}

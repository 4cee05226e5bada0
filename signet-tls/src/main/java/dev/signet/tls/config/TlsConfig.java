package dev.signet.tls.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code security.tls} block of an application configuration (seed 000): how the application's servers terminate
 * TLS ({@link #server()}) and how its clients connect over TLS ({@link #client()}). Either may be absent; a
 * configuration with neither, or whose server has {@code "enabled": false}, is Tier 1 (plain connections).
 *
 * <p>Immutable and thread-safe. Built by {@link TlsConfigParser}, which checks everything the seed asks for; the
 * record constructors only check that nothing is null.
 *
 * @param server the {@code server} block, empty when it is absent
 * @param client the {@code client} block, empty when it is absent
 */
public record TlsConfig(Optional<ServerTls> server, Optional<ClientTls> client) {
    /** No {@code security.tls} block at all: no TLS server settings, no TLS client settings. */
    public static final TlsConfig NONE = new TlsConfig(Optional.empty(), Optional.empty());

    public TlsConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
    }

    /** Whether a server block is present and enabled (Tier 2 or 3); false means servers speak plain (Tier 1). */
    public boolean serverTlsEnabled() {
        return server.map(ServerTls::enabled).orElse(false);
    }
}

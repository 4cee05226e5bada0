package dev.signet.ca.va;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the validation authority reaches applicants.
 *
 * @param http01Port the port http-01 requests go to (RFC 8555 §8.3 says 80; tests use a high port)
 * @param tlsAlpn01Port the port tls-alpn-01 handshakes go to (RFC 8737 §3 says 443)
 * @param dnsResolvers the DNS servers for A, AAAA and TXT lookups; empty means the system resolver
 * @param timeout the time one validation may take in all, lookups, connections and redirects included
 */
public record ValidationSettings(int http01Port, int tlsAlpn01Port, List<InetSocketAddress> dnsResolvers,
        Duration timeout) {
    public ValidationSettings {
        checkPort(http01Port, "http01Port");
        checkPort(tlsAlpn01Port, "tlsAlpn01Port");
        dnsResolvers = List.copyOf(Objects.requireNonNull(dnsResolvers, "dnsResolvers"));
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The validation timeout must be positive, not " + timeout + ".");
        }
    }

    /** Port 80, port 443, the system resolver and ten seconds. */
    public static ValidationSettings defaults() {
        return new ValidationSettings(80, 443, List.of(), Duration.ofSeconds(10));
    }

    private static void checkPort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The " + name + " must be between 1 and 65535, not " + port + ".");
        }
    }
}

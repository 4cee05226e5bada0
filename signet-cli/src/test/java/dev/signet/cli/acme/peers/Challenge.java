package dev.signet.cli.acme.peers;

import java.net.URI;

/**
 * How a peer proves control of the requested names. Every challenge is answered on loopback: the ACME server under
 * test must resolve the names to 127.0.0.1 (Pebble does this through pebble-challtestsrv).
 */
public sealed interface Challenge {

    /** http-01: the peer (or, for uacme, the driver) serves {@code /.well-known/acme-challenge/} on address:port. */
    record Http01(String address, int port) implements Challenge {
        public Http01(int port) {
            this("127.0.0.1", port);
        }
    }

    /** tls-alpn-01: the peer answers the {@code acme-tls/1} handshake on address:port. */
    record TlsAlpn01(String address, int port) implements Challenge {
        public TlsAlpn01(int port) {
            this("127.0.0.1", port);
        }
    }

    /**
     * dns-01: the peer's hook publishes {@code _acme-challenge.<name>.} TXT records through an HTTP API that takes
     * {@code POST <txtApi>/set-txt {"host":"<fqdn>.","value":"<value>"}} and {@code POST <txtApi>/clear-txt
     * {"host":"<fqdn>."}} (the pebble-challtestsrv management API; any test DNS server can offer the same two calls).
     * The hooks use {@code curl}.
     *
     * @param resolver host:port of a DNS server that answers for the published records (lego checks propagation
     *     there; certbot and uacme do not check)
     */
    record Dns01(String resolver, URI txtApi) implements Challenge {}
}

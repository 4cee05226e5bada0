package dev.signet.tls.acme;

import dev.signet.tls.CertifiedKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.shredzone.acme4j.Identifier;

/**
 * The tls-alpn-01 validation certificates (RFC 8737 §3) being offered right now, by SNI name. A TLS handshake that
 * negotiated the {@code acme-tls/1} protocol is answered with the certificate published here for its SNI name, both
 * by the stand-alone {@link TlsAlpn01Responder} and by the service's own listener (see
 * {@link dev.signet.tls.ReloadingKeyManager}).
 *
 * <p>Thread-safe: published and withdrawn by the obtaining thread, read by handshake threads.
 */
public final class TlsAlpnChallenges {
    /** The ALPN protocol name of tls-alpn-01 validation handshakes (RFC 8737 §6.2). */
    public static final String PROTOCOL = "acme-tls/1";

    private final Map<String, CertifiedKey> bySni = new ConcurrentHashMap<>();

    /** Offers {@code certificate} to validation handshakes for {@code sniName}. */
    public void publish(String sniName, CertifiedKey certificate) {
        bySni.put(normalise(sniName), certificate);
    }

    /** Stops offering a certificate for {@code sniName}. */
    public void withdraw(String sniName) {
        bySni.remove(normalise(sniName));
    }

    /** The validation certificate for {@code sniName}, if one is offered. */
    public Optional<CertifiedKey> find(String sniName) {
        return sniName == null ? Optional.empty() : Optional.ofNullable(bySni.get(normalise(sniName)));
    }

    /** Whether any validation is in progress. */
    public boolean active() {
        return !bySni.isEmpty();
    }

    /** RFC 8737 §3 / RFC 8738 §6: the SNI of a DNS identifier is the name; of an IP address, its reverse-DNS name. */
    public static String sniName(Identifier id) {
        if (!id.getType().equals(Identifier.TYPE_IP)) return id.getValue();
        try {
            byte[] a = InetAddress.getByName(id.getValue()).getAddress();
            StringBuilder sb = new StringBuilder();
            if (a.length == 4) {
                for (int i = 3; i >= 0; i--) sb.append(a[i] & 0xff).append('.');
                return sb.append("in-addr.arpa").toString();
            }
            for (int i = 15; i >= 0; i--) {
                sb.append(Character.forDigit(a[i] & 0xf, 16)).append('.').append(Character.forDigit((a[i] >> 4) & 0xf, 16)).append('.');
            }
            return sb.append("ip6.arpa").toString();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + id.getValue() + "\" is not an IP address.", e);
        }
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}

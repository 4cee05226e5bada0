package dev.signet.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Test helper: one client handshake against a loopback port, returning the server's leaf certificate. */
public final class Handshakes {
    private Handshakes() {}

    /**
     * Connects with {@code client} (whose socket factory checks the host name {@code host}), completes the handshake,
     * reads the server's one byte and returns the leaf it presented; throws when the handshake or the read fails.
     */
    public static X509Certificate connect(SSLContext client, String host, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            var p = s.getSSLParameters();
            p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(host)));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.setSoTimeout(10_000);
            s.startHandshake();
            X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            if (s.getInputStream().read() != 1) throw new IOException("The server closed the connection without its byte.");
            s.getSession().invalidate();
            return leaf;
        }
    }
}

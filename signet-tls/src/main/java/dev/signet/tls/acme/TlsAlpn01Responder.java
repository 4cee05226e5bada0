package dev.signet.tls.acme;

import dev.signet.tls.ReloadingKeyManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A stand-alone tls-alpn-01 responder (RFC 8737 §3): accepts TLS connections offering {@code acme-tls/1} and presents
 * the validation certificate published in {@link TlsAlpnChallenges} for the SNI name asked; other handshakes fail.
 * Each connection is closed after its handshake. Used when the service's own TLS listener is not on the validation
 * port; it listens only while a certificate is being obtained.
 *
 * <p>Thread-safe: one acceptor thread, one short-lived daemon thread per connection.
 */
public final class TlsAlpn01Responder implements AutoCloseable {
    private final SSLServerSocket socket;
    private final TlsAlpnChallenges challenges;

    /** Binds {@code address} and starts accepting; fails with a sentence naming the address when it is taken. */
    public TlsAlpn01Responder(InetSocketAddress address, TlsAlpnChallenges challenges) throws IOException {
        this.challenges = challenges;
        SSLContext ctx;
        try {
            ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {new ReloadingKeyManager(challenges)}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not set up TLS for the TLS-ALPN-01 challenge server.", e);
        }
        socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (IOException e) {
            socket.close();
            throw new IOException("The TLS-ALPN-01 challenge server could not listen on " + address + ": " + e.getMessage() + ".", e);
        }
        SSLParameters params = socket.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3"});
        params.setApplicationProtocols(new String[] {TlsAlpnChallenges.PROTOCOL});
        socket.setSSLParameters(params);
        Thread acceptor = new Thread(this::acceptLoop, "signet-tls-alpn-01");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where to publish the validation certificates this responder presents. */
    public TlsAlpnChallenges challenges() {
        return challenges;
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> handshake((SSLSocket) s), "signet-tls-alpn-01-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void handshake(SSLSocket s) {
        try (s) {
            s.setSoTimeout(10_000);
            s.startHandshake();
        } catch (IOException e) {
            // the validator closes the connection after the handshake, or offered no acme-tls/1: nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

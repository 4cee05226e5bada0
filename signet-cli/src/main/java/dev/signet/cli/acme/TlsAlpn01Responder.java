package dev.signet.cli.acme;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLEngine;
import java.security.Principal;
import java.security.PrivateKey;

/**
 * A stand-alone tls-alpn-01 responder (RFC 8737): accepts TLS connections that offer only the {@code acme-tls/1}
 * protocol and presents, for the SNI name asked, the self-signed validation certificate published for it. Each
 * connection is closed after the handshake. Thread-safe.
 */
public final class TlsAlpn01Responder implements AutoCloseable {
    private static final String PROTOCOL = "acme-tls/1";

    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();
    private final SSLServerSocket socket;
    private final Thread acceptor;

    public TlsAlpn01Responder(InetSocketAddress address) throws IOException {
        SSLContext ctx;
        try {
            ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {new SniKeyManager()}, null, null);
        } catch (Exception e) {
            throw new IOException("Could not set up TLS for the tls-alpn-01 responder.", e);
        }
        socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address);
        var params = socket.getSSLParameters();
        params.setApplicationProtocols(new String[] {PROTOCOL});
        socket.setSSLParameters(params);
        acceptor = new Thread(this::acceptLoop, "signet-tls-alpn-01");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Publishes the validation certificate (and its key, a JDK "EC" or "RSA" key) for an SNI name. */
    public void publish(String sniName, KeyPair key, X509Certificate certificate) {
        keys.put(sniName.toLowerCase(java.util.Locale.ROOT), key);
        certificates.put(sniName.toLowerCase(java.util.Locale.ROOT), certificate);
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> handshake((SSLSocket) s), "signet-tls-alpn-01-conn");
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
            s.setHandshakeApplicationProtocolSelector((sock, offered) -> offered.contains(PROTOCOL) ? PROTOCOL : null);
            s.startHandshake();
        } catch (IOException e) {
            // the validator closes the connection after the handshake; nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Chooses the published certificate by the SNI name of the handshake. */
    private final class SniKeyManager extends X509ExtendedKeyManager {
        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            if (!(socket instanceof SSLSocket)) return null;
            var session = ((SSLSocket) socket).getHandshakeSession();
            if (!(session instanceof ExtendedSSLSession)) return null;
            for (SNIServerName n : ((ExtendedSSLSession) session).getRequestedServerNames()) {
                if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                    String name = ((SNIHostName) n).getAsciiName().toLowerCase(java.util.Locale.ROOT);
                    KeyPair k = keys.get(name);
                    if (k != null && k.getPrivate().getAlgorithm().equals(keyType)) return name;
                }
            }
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            X509Certificate c = certificates.get(alias);
            return c == null ? null : new X509Certificate[] {c};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            KeyPair k = keys.get(alias);
            return k == null ? null : k.getPrivate();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }
    }
}

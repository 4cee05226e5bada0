package dev.signet.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@code SSLContext} whose engines and sockets come out already set up by {@link EndpointSettings} (versions,
 * client authentication, the tls-alpn-01 ALPN selector), so that any consumer (JSSE sockets, Jetty, Netty's JDK
 * provider, {@code java.net.http}) gets the configured behaviour without extra wiring. Consumers that set these
 * parameters themselves afterwards (Jetty's own client-auth flags, for example) override them.
 *
 * <p>Server sockets from {@link #getServerSocketFactory()} are plain {@link ServerSocket}s whose {@code accept()}
 * returns a configured {@link SSLSocket} in server mode (an {@code SSLServerSocket} cannot carry an ALPN selector to
 * the sockets it accepts); client sockets from {@link #getSocketFactory()} also check the server's host name.
 *
 * <p>Thread-safe, like the JDK context it wraps.
 */
final class ConfiguredSslContext extends SSLContext {
    ConfiguredSslContext(SSLContext delegate, EndpointSettings settings) {
        super(new Spi(delegate, settings), delegate.getProvider(), delegate.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final EndpointSettings settings;

        Spi(SSLContext delegate, EndpointSettings settings) {
            this.delegate = delegate;
            this.settings = settings;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("A Signet TLS context is initialised by SignetTls; it cannot be re-initialised.");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new ClientSockets(delegate.getSocketFactory(), settings);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new ServerSockets(delegate.getSocketFactory(), settings);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine e = delegate.createSSLEngine();
            settings.apply(e);
            return e;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine e = delegate.createSSLEngine(host, port);
            settings.apply(e);
            return e;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }

    /** Client sockets with the settings applied and HTTPS-style host name checking (RFC 6125). */
    private static final class ClientSockets extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final EndpointSettings settings;

        ClientSockets(SSLSocketFactory delegate, EndpointSettings settings) {
            this.delegate = delegate;
            this.settings = settings;
        }

        private Socket configure(Socket s) {
            SSLSocket ssl = (SSLSocket) s;
            settings.apply(ssl);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(p);
            return ssl;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return configure(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return configure(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configure(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configure(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configure(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return configure(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    /** Plain listening sockets whose accepted connections are layered with server-mode TLS. */
    private static final class ServerSockets extends SSLServerSocketFactory {
        private final SSLSocketFactory layer;
        private final EndpointSettings settings;

        ServerSockets(SSLSocketFactory layer, EndpointSettings settings) {
            this.layer = layer;
            this.settings = settings;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return layer.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return layer.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new Listener();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            Listener l = new Listener();
            l.bind(new java.net.InetSocketAddress(port));
            return l;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            Listener l = new Listener();
            l.bind(new java.net.InetSocketAddress(port), backlog);
            return l;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
            Listener l = new Listener();
            l.bind(new java.net.InetSocketAddress(ifAddress, port), backlog);
            return l;
        }

        private final class Listener extends ServerSocket {
            Listener() throws IOException {
                super();
            }

            @Override
            public Socket accept() throws IOException {
                Socket raw = new Socket();
                implAccept(raw);
                SSLSocket s = (SSLSocket) layer.createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
                s.setUseClientMode(false);
                settings.apply(s);
                return s;
            }
        }
    }
}

package dev.signet.ca.web;

import dev.signet.ca.config.CaConfig;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTPS listener: Jetty 12 with the configured address, TLS versions and cipher suites, serving the router. Client
 * certificates are asked for (not required) and trusted by {@link ClientCertificateTrust}.
 * Stopping is graceful: the listener closes, in-flight requests finish (up to 30 s), then the server stops.
 *
 * <p>{@link #start()} and {@link #stop()} are called from one thread; serving is multi-threaded.
 */
public final class CaHttpServer {
    /**
     * The most request threads. Each one blocks in a handler only for CPU work and its share of a group commit, so a
     * few dozen keep two cores busy; more only cost memory (at concurrency 128 Jetty's default of 200 grew the pool to
     * 150 threads). Connections beyond it wait in Jetty's queue, not in a thread.
     */
    static final int MAX_THREADS = 64;

    private final Server server;
    private final ServerConnector connector;
    private final SslContextFactory.Server ssl;
    private final ServerCertificateRotator certificates;

    /**
     * @param clientIssuer the intermediate whose certificates may authenticate over mTLS ({@code /renew},
     *     {@code /revoke}); clients without a certificate are served as well
     */
    public CaHttpServer(CaConfig config, Router router, ServerCertificateRotator certificates, X509Certificate clientIssuer) {
        this.certificates = certificates;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
        threads.setName("signet-http");
        server = new Server(threads);
        ssl = new SslContextFactory.Server() {
            @Override
            protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
                return new TrustManager[] {new ClientCertificateTrust(clientIssuer)};
            }
        };
        ssl.setWantClientAuth(true);
        ssl.setKeyStore(certificates.initialKeyStore());
        ssl.setKeyStorePassword(ServerCertificateRotator.storePassword());
        ssl.setIncludeProtocols(protocols(config));
        ssl.setExcludeProtocols();
        if (!config.tls().cipherSuites().isEmpty()) {
            ssl.setIncludeCipherSuites(config.tls().cipherSuites().toArray(new String[0]));
        }
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(router));
        server.setStopTimeout(30_000);
    }

    /** Binds and starts serving; begins the server certificate's renewal schedule. */
    public void start() throws Exception {
        server.start();
        certificates.start(ssl);
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
    }

    /** For tests: swaps in a freshly issued server certificate now. */
    public void renewServerCertificate() throws Exception {
        certificates.renewNow(ssl);
    }

    /** Stops gracefully: no new connections, in-flight requests complete. */
    public void stop() throws Exception {
        certificates.close();
        server.stop();
    }

    private static String[] protocols(CaConfig config) {
        java.util.List<String> p = new java.util.ArrayList<>();
        for (var v : dev.signet.ca.config.TlsVersion.values()) {
            if (v.compareTo(config.tls().minVersion()) >= 0 && v.compareTo(config.tls().maxVersion()) <= 0) p.add(v.jsseName());
        }
        return p.toArray(new String[0]);
    }
}

package dev.signet.ca.web;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The optional plain-HTTP listener of {@code crl.httpAddress}. Relying parties fetch CRLs over HTTP (RFC 5280
 * §4.2.1.13: an HTTPS CRL URL could need the CRL to check its own server), so this listener serves only what its
 * router holds, which is {@code GET /crl} alone; everything else is 404. Stopping is graceful, as for
 * {@link CaHttpServer}.
 *
 * <p>{@link #start()} and {@link #stop()} are called from one thread; serving is multi-threaded.
 */
public final class CrlHttpServer {
    private final Server server;
    private final ServerConnector connector;

    /**
     * @param host the interface to bind, or null for all
     * @param router a router holding only the CRL route
     */
    public CrlHttpServer(String host, int port, Router router) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("signet-crl-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(router));
        server.setStopTimeout(10_000);
    }

    /** Binds and starts serving. */
    public void start() throws Exception {
        server.start();
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops gracefully: no new connections, in-flight requests complete. */
    public void stop() throws Exception {
        server.stop();
    }
}

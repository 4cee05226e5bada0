package dev.signet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Blocking HTTPS/1.1 requests for the load generators, over the JDK's {@link HttpsURLConnection}: its keep-alive cache
 * hands a worker's next request a connection an earlier one left open, so a worker loop pays no handshake after its
 * first. Measured here, the generators spend about half the CPU per request they spent with {@code java.net.http}'s
 * client, whose asynchronous pipeline runs several tasks per request.
 *
 * <p>The cache keeps only 5 idle connections per server unless {@code http.maxConnections} says more:
 * {@link #keepConnections} must run before the first request. Thread-safe: each request has its own connection object.
 */
public final class BlockingHttps {
    /** One answer. Headers are read from the finished exchange, by name (case-insensitive). */
    public static final class Response {
        private final int status;
        private final byte[] body;
        private final HttpsURLConnection exchange;

        private Response(int status, byte[] body, HttpsURLConnection exchange) {
            this.status = status;
            this.body = body;
            this.exchange = exchange;
        }

        public int status() {
            return status;
        }

        public byte[] body() {
            return body;
        }

        /** The first value of a response header, or null. */
        public String header(String name) {
            return exchange.getHeaderField(name);
        }
    }

    private final SSLSocketFactory sockets;
    private final int timeoutMillis;

    /**
     * @param sockets TLS sockets trusting the server (and presenting a client certificate for mutual TLS)
     * @param timeout connect and read timeout of each request
     */
    public BlockingHttps(SSLSocketFactory sockets, Duration timeout) {
        this.sockets = sockets;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /**
     * Sets how many idle connections per server the JDK keeps (one per worker, and one spare), or, with
     * {@code keepAlive} false, that it keeps none (every request then opens a connection: a full handshake). Read once
     * by the JDK, at its first HTTP request.
     */
    public static void keepConnections(int workers, boolean keepAlive) {
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, workers + 1)));
        if (!keepAlive) System.setProperty("http.keepAlive", "false");
    }

    /**
     * TLS sockets that trust only {@code roots} and, given {@code keys}, present a client certificate (mutual TLS).
     *
     * @param keys key managers for a client certificate, or null for none
     */
    public static SSLSocketFactory trusting(List<X509Certificate> roots, KeyManager[] keys) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("An empty key store could not be created.", e);
        }
        for (int i = 0; i < roots.size(); i++) store.setCertificateEntry("root-" + i, roots.get(i));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    /** A GET. */
    public Response get(String url) throws IOException {
        return send("GET", url, null, null);
    }

    /**
     * One request; {@code body} null for none. The answer is read to its end (an error's too), so that the connection
     * goes back to the keep-alive cache.
     *
     * @throws java.net.SocketTimeoutException when the server does not answer within the timeout
     */
    public Response send(String method, String url, String contentType, byte[] body) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) URI.create(url).toURL().openConnection();
        c.setSSLSocketFactory(sockets);
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setUseCaches(false);
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            c.setRequestProperty("Content-Type", contentType);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new Response(status, in == null ? new byte[0] : in.readAllBytes(), c);
        }
    }
}

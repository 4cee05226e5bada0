package dev.signet.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTPS for the online commands: clients that trust only given roots (with host name verification), and a capturing
 * client that accepts any server but records its chain, for bootstrapping trust by fingerprint and for inspection.
 */
public final class Https {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Https() {}

    /** A client that trusts exactly {@code roots}. */
    public static HttpClient trusting(List<X509Certificate> roots) {
        return HttpClient.newBuilder().sslContext(sslContextTrusting(roots)).connectTimeout(TIMEOUT).build();
    }

    /** A TLS context whose only trust anchors are {@code roots} (host names are still verified by the client). */
    public static SSLContext sslContextTrusting(List<X509Certificate> roots) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(roots), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("Could not set up TLS trust.", e);
        }
    }

    /** A client that accepts any server certificate and stores the last chain it saw in {@code seen}. */
    public static HttpClient capturing(AtomicReference<X509Certificate[]> seen) {
        return HttpClient.newBuilder().sslContext(capturingContext(seen)).connectTimeout(TIMEOUT).build();
    }

    /** GETs {@code url} and returns the response, or throws a {@link CliException} naming the URL. */
    public static HttpResponse<String> get(HttpClient client, String url) {
        return send(client, url, b -> b.GET());
    }

    /** POSTs a JSON body to {@code url} and returns the response, or throws a {@link CliException} naming the URL. */
    public static HttpResponse<String> postJson(HttpClient client, String url, String json) {
        return send(client, url, b -> b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends {@code method} with an optional JSON body to {@code url}, or throws a {@link CliException} naming the URL. */
    public static HttpResponse<String> request(HttpClient client, String url, String method, String json) {
        return send(client, url, b -> json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A client that presents {@code chain} with {@code key} (mTLS) and trusts exactly {@code roots}. */
    public static HttpClient mutual(List<X509Certificate> chain, java.security.PrivateKey key, List<X509Certificate> roots) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pass = "signet".toCharArray();
            ks.setKeyEntry("client", key, pass, chain.toArray(new X509Certificate[0]));
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), trustManagers(roots), null);
            return HttpClient.newBuilder().sslContext(ctx).connectTimeout(TIMEOUT).build();
        } catch (Exception e) {
            throw new IllegalStateException("Could not set up mutual TLS.", e);
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagers(List<X509Certificate> roots) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < roots.size(); i++) ks.setCertificateEntry("root-" + i, roots.get(i));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    private static HttpResponse<String> send(HttpClient client, String url,
            java.util.function.UnaryOperator<HttpRequest.Builder> method) {
        try {
            return client.send(method.apply(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new CliException("The TLS handshake with " + url + " failed: " + rootMessage(e) + ".");
        } catch (java.io.IOException e) {
            throw new CliException("Could not reach " + url + ": " + rootMessage(e) + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while contacting " + url + ".");
        } catch (IllegalArgumentException e) {
            throw new CliException("\"" + url + "\" is not a valid URL.");
        }
    }

    /** Connects to {@code host:port} over TLS and returns the chain the server presents, unverified. */
    public static X509Certificate[] peerChain(String host, int port) {
        AtomicReference<X509Certificate[]> seen = new AtomicReference<>();
        try (SSLSocket socket = (SSLSocket) capturingContext(seen).getSocketFactory().createSocket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            javax.net.ssl.SSLParameters params = socket.getSSLParameters();
            if (!host.matches("[0-9.:]+")) params.setServerNames(List.of(new javax.net.ssl.SNIHostName(host)));
            socket.setSSLParameters(params);
            socket.startHandshake();
            return seen.get();
        } catch (java.io.IOException e) {
            throw new CliException("Could not complete a TLS handshake with " + host + ":" + port + ": " + rootMessage(e) + ".");
        }
    }

    /** Strips a trailing slash from a CA URL. */
    public static String base(String caUrl) {
        return caUrl.endsWith("/") ? caUrl.substring(0, caUrl.length() - 1) : caUrl;
    }

    private static SSLContext capturingContext(AtomicReference<X509Certificate[]> seen) {
        X509ExtendedTrustManager tm = new X509ExtendedTrustManager() {
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { seen.set(chain); }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { seen.set(chain); }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { seen.set(chain); }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}

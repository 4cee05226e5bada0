package dev.signet.ca.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request being answered: the Jetty request, response and callback, the path parameters the router matched, and
 * helpers that write a whole body. Each exchange is confined to the thread handling it.
 */
public final class Exchange {
    /** The mapper every route uses for JSON bodies; configured once, only read. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final List<String> params;
    private int status = 200;

    Exchange(Request request, Response response, Callback callback, List<String> params) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.params = params;
    }

    public Request request() {
        return request;
    }

    /** The n-th path parameter captured by the route's pattern (0-based). */
    public String param(int index) {
        return params.get(index);
    }

    /** Whether the query string has this parameter (e.g. {@code ?pem}). */
    public boolean hasQueryParameter(String name) {
        String q = request.getHttpURI().getQuery();
        if (q == null) return false;
        for (String part : q.split("&")) {
            if (part.equals(name) || part.startsWith(name + "=")) return true;
        }
        return false;
    }

    /** The response headers, for routes that add their own (Location, Link, Replay-Nonce, ...). */
    public org.eclipse.jetty.http.HttpFields.Mutable responseHeaders() {
        return response.getHeaders();
    }

    /**
     * Reads the whole request body.
     *
     * @throws CaException {@code payloadTooLarge} when it has more than {@code maxBytes}
     */
    public byte[] body(int maxBytes) {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new CaException(Problem.PAYLOAD_TOO_LARGE, "The request body of " + declared + " bytes exceeds the limit of " + maxBytes + " bytes.");
        }
        try {
            return Content.Source.asByteArrayAsync(request, maxBytes).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaException(Problem.SERVER_INTERNAL, "Interrupted while reading the request body.", e);
        } catch (ExecutionException e) {
            throw new CaException(Problem.PAYLOAD_TOO_LARGE, "The request body exceeds the limit of " + maxBytes + " bytes.", e);
        }
    }

    /** The client's TLS certificate chain (mTLS), leaf first, or null when it presented none. */
    public java.security.cert.X509Certificate[] clientCertificates() {
        Object data = request.getAttribute(org.eclipse.jetty.io.EndPoint.SslSessionData.ATTRIBUTE);
        if (!(data instanceof org.eclipse.jetty.io.EndPoint.SslSessionData)) return null;
        java.security.cert.X509Certificate[] chain = ((org.eclipse.jetty.io.EndPoint.SslSessionData) data).peerCertificates();
        return chain == null || chain.length == 0 ? null : chain;
    }

    /** The request's Content-Type without parameters, lower case, or null. */
    public String contentType() {
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (ct == null) return null;
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The URL the client addressed, as scheme://host[:port]; the port is left out when it is the scheme's default.
     */
    public String baseUrl() {
        HttpURI uri = request.getHttpURI();
        String host = uri.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
        int port = uri.getPort();
        boolean defaultPort = port <= 0 || ("https".equals(uri.getScheme()) && port == 443) || ("http".equals(uri.getScheme()) && port == 80);
        return uri.getScheme() + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** The request's path with its query string, as the client sent them (RFC 8555 §6.4 compares the whole URL). */
    public String pathAndQuery() {
        return request.getHttpURI().getPathQuery();
    }

    /** The request's path. */
    public String path() {
        return Request.getPathInContext(request);
    }

    /** The value of a query parameter, or null. */
    public String queryParameter(String name) {
        String q = request.getHttpURI().getQuery();
        if (q == null) return null;
        for (String part : q.split("&")) {
            if (part.startsWith(name + "=")) {
                try {
                    return java.net.URLDecoder.decode(part.substring(name.length() + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new CaException(Problem.MALFORMED, "The query parameter \"" + name + "\" is not validly encoded.");
                }
            }
        }
        return null;
    }

    /** Sends a response without a body (e.g. 204, or 200 to HEAD). */
    public void empty(int status) {
        this.status = status;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, null, callback);
    }

    int status() {
        return status;
    }

    /** Sends a JSON body. */
    public void json(int status, Object body) {
        try {
            send(status, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a body with the given content type. */
    public void send(int status, String contentType, String body) {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a body with the given content type. */
    public void send(int status, String contentType, byte[] body) {
        send(status, contentType, body, "no-store");
    }

    /**
     * Sends a body that caches may keep as {@code cacheControl} says (RFC 9111 §5.2); every other response is
     * {@code no-store}.
     */
    public void send(int status, String contentType, byte[] body, String cacheControl) {
        send(status, contentType, ByteBuffer.wrap(body), cacheControl);
    }

    /**
     * Sends the remaining bytes of {@code body} without copying them (a large body kept by the caller, such as the
     * CRL; a read-only buffer is fine), with {@code cacheControl} as in {@link #send(int, String, byte[], String)}.
     * The buffer's position moves as it is written: give each response its own buffer.
     */
    public void send(int status, String contentType, ByteBuffer body, String cacheControl) {
        this.status = status;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl);
        response.write(true, body, callback);
    }
}

package dev.signet.ca.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request being answered: the Jetty request, response and callback, the path parameters the router matched, and
 * helpers that write a whole body. Each exchange is confined to the thread handling it.
 */
public final class Exchange {
    static final ObjectMapper JSON = new ObjectMapper();

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
        this.status = status;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}

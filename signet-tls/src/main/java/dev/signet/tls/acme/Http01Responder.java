package dev.signet.tls.acme;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-alone http-01 responder (RFC 8555 §8.3): serves {@code /.well-known/acme-challenge/{token}} with the key
 * authorization published for that token as {@code application/octet-stream}, and 404 for anything else. It listens
 * only while a certificate is being obtained.
 *
 * <p>Thread-safe: tokens are published by the obtaining thread and read by the server's threads.
 */
public final class Http01Responder implements AutoCloseable {
    private static final String PREFIX = "/.well-known/acme-challenge/";

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final HttpServer server;

    /** Binds {@code address} and starts serving; fails with a sentence naming the address when it is taken. */
    public Http01Responder(InetSocketAddress address) throws IOException {
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("The HTTP-01 challenge server could not listen on " + address + ": " + e.getMessage() + ".", e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String answer = path.startsWith(PREFIX) ? answers.get(path.substring(PREFIX.length())) : null;
            byte[] body = (answer == null ? "not found" : answer).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", answer == null ? "text/plain" : "application/octet-stream");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Publishes the key authorization for a token. */
    public void publish(String token, String keyAuthorization) {
        answers.put(token, keyAuthorization);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

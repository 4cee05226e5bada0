package dev.signet.bench.acme;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The generator's one http-01 responder (RFC 8555 §8.3): {@code GET /.well-known/acme-challenge/TOKEN} answers the
 * key authorization put for that token, 404 otherwise. Thread-safe.
 */
final class ChallengeResponder implements AutoCloseable {
    private static final String PREFIX = "/.well-known/acme-challenge/";

    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService threads;

    ChallengeResponder(String host, int port, int threadCount) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        threads = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "http-01");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] answer = path.startsWith(PREFIX) ? answers.get(path.substring(PREFIX.length())) : null;
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
            exchange.close();
        });
        server.start();
    }

    void put(String token, String keyAuthorization) {
        answers.put(token, keyAuthorization.getBytes(StandardCharsets.US_ASCII));
    }

    void remove(String token) {
        answers.remove(token);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

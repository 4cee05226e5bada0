package dev.signet.ca.ra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The applicant's side of http-01: a JDK HTTP server on 127.0.0.1 that answers
 * {@code /.well-known/acme-challenge/{token}} with the body registered for the token (404 for unknown tokens), counts
 * the requests per token, and can hold every answer until a test lets it go.
 */
final class ChallengeServer implements AutoCloseable {
    private static final String PREFIX = "/.well-known/acme-challenge/";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    ChallengeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers requests for {@code token} with {@code body} and status 200, or with 404 when the body is null. */
    void serve(String token, String body) {
        if (body == null) bodies.remove(token);
        else bodies.put(token, body);
    }

    /** How many requests arrived for {@code token}. */
    int requests(String token) {
        AtomicInteger n = requests.get(token);
        return n == null ? 0 : n.get();
    }

    /** Holds every answer (requests are still counted on arrival) until the returned latch is counted down. */
    CountDownLatch hold() {
        CountDownLatch latch = new CountDownLatch(1);
        gate = latch;
        return latch;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String token = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
        requests.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) throw new IOException("the test never released the held answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String body = bodies.get(token);
        byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.signet.bench.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One worker's signed requests to an ACME server (RFC 8555 §6): each POST carries the nonce the previous answer gave
 * (§7.2), a {@code badNonce} answer is retried once with the fresh nonce it carries (§6.5), and an error answer becomes
 * an {@link AcmeFailure} of its problem type. Connections are the shared {@link HttpClient}'s, kept alive.
 *
 * <p>Not thread-safe: one per worker.
 */
final class AcmeConnection {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer: status, the headers the flow needs, and the body. */
    record Answer(int status, String location, long retryAfterSeconds, byte[] body) {
        JsonNode json() throws AcmeFailure {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AcmeFailure("unparseable-json", "The server's answer is not JSON: " + e.getMessage());
            }
        }
    }

    private final HttpClient http;
    private final AccountKey key;
    private final String newNonceUrl;
    private String nonce;

    AcmeConnection(HttpClient http, AccountKey key, String newNonceUrl) {
        this.http = http;
        this.key = key;
        this.newNonceUrl = newNonceUrl;
    }

    AccountKey key() {
        return key;
    }

    /** A signed POST of {@code payload} (JSON text, or null for POST-as-GET). */
    Answer post(String url, String payload) throws AcmeFailure, InterruptedException {
        if (nonce == null) fetchNonce();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/jose+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(key.sign(url, nonce, payload))).build());
            nonce = r.headers().firstValue("Replay-Nonce").orElse(null);
            if (r.statusCode() < 400) {
                return new Answer(r.statusCode(), r.headers().firstValue("Location").orElse(null),
                        r.headers().firstValue("Retry-After").map(AcmeConnection::seconds).orElse(-1L), r.body());
            }
            String type = problemType(r.body());
            if (type.endsWith(":badNonce") && attempt == 1) {
                if (nonce == null) fetchNonce();
                continue;
            }
            throw new AcmeFailure(type.replace("urn:ietf:params:acme:error:", ""), "HTTP " + r.statusCode() + " from " + url + ": "
                    + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void fetchNonce() throws AcmeFailure, InterruptedException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(newNonceUrl)).timeout(TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        nonce = r.headers().firstValue("Replay-Nonce").orElseThrow(() -> new AcmeFailure("no-nonce", "newNonce gave no Replay-Nonce."));
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws AcmeFailure, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new AcmeFailure("timeout", request.method() + " " + request.uri() + " got no answer within " + TIMEOUT.toSeconds() + " s.");
        } catch (IOException e) {
            throw new AcmeFailure("io:" + e.getClass().getSimpleName(), request.method() + " " + request.uri() + ": " + e.getMessage());
        }
    }

    private static String problemType(byte[] body) {
        try {
            return JSON.readTree(body).path("type").asText("no-problem-type");
        } catch (IOException e) {
            return "no-problem-document";
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: not short
        }
    }
}

package dev.signet.bench.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import dev.signet.bench.BlockingHttps;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One worker's signed requests to an ACME server (RFC 8555 §6): each POST carries the nonce the previous answer gave
 * (§7.2), a {@code badNonce} answer is retried once with the fresh nonce it carries (§6.5), and an error answer becomes
 * an {@link AcmeFailure} of its problem type.
 *
 * <p>Requests go over {@link BlockingHttps}, on a connection kept open from the worker's earlier requests.
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

    /** What one exchange returned. */
    private record Reply(int status, String nonce, String location, String retryAfter, byte[] body) {}

    private final BlockingHttps http;
    private final AccountKey key;
    private final String newNonceUrl;
    private String nonce;

    AcmeConnection(BlockingHttps http, AccountKey key, String newNonceUrl) {
        this.http = http;
        this.key = key;
        this.newNonceUrl = newNonceUrl;
    }

    AccountKey key() {
        return key;
    }

    /** A signed POST of {@code payload} (JSON text, or null for POST-as-GET). */
    Answer post(String url, String payload) throws AcmeFailure {
        if (nonce == null) fetchNonce();
        for (int attempt = 1; ; attempt++) {
            Reply r = send("POST", url, key.sign(url, nonce, payload));
            nonce = r.nonce();
            if (r.status() < 400) {
                return new Answer(r.status(), r.location(), r.retryAfter() == null ? -1 : seconds(r.retryAfter()), r.body());
            }
            String type = problemType(r.body());
            if (type.endsWith(":badNonce") && attempt == 1) {
                if (nonce == null) fetchNonce();
                continue;
            }
            throw new AcmeFailure(type.replace("urn:ietf:params:acme:error:", ""), "HTTP " + r.status() + " from " + url + ": "
                    + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void fetchNonce() throws AcmeFailure {
        nonce = send("HEAD", newNonceUrl, null).nonce();
        if (nonce == null) throw new AcmeFailure("no-nonce", "newNonce gave no Replay-Nonce.");
    }

    private Reply send(String method, String url, byte[] body) throws AcmeFailure {
        try {
            BlockingHttps.Response r = http.send(method, url, "application/jose+json", body);
            return new Reply(r.status(), r.header("Replay-Nonce"), r.header("Location"), r.header("Retry-After"), r.body());
        } catch (SocketTimeoutException e) {
            throw new AcmeFailure("timeout", method + " " + url + " got no answer within " + TIMEOUT.toSeconds() + " s.");
        } catch (IOException e) {
            throw new AcmeFailure("io:" + e.getClass().getSimpleName(), method + " " + url + ": " + e.getMessage());
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

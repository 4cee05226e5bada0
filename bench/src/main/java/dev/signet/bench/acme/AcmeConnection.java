package dev.signet.bench.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * One worker's signed requests to an ACME server (RFC 8555 §6): each POST carries the nonce the previous answer gave
 * (§7.2), a {@code badNonce} answer is retried once with the fresh nonce it carries (§6.5), and an error answer becomes
 * an {@link AcmeFailure} of its problem type.
 *
 * <p>Requests go over the JDK's blocking {@link HttpsURLConnection}, whose keep-alive cache hands each worker a
 * connection kept open from an earlier request (the cache must hold one per worker: {@code http.maxConnections}, set
 * by {@link AcmeLoadCommand}). Measured here it costs the generator about half the CPU of {@code java.net.http}'s
 * client, whose asynchronous pipeline runs several tasks per request.
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

    private final SSLSocketFactory sockets;
    private final AccountKey key;
    private final String newNonceUrl;
    private String nonce;

    AcmeConnection(SSLSocketFactory sockets, AccountKey key, String newNonceUrl) {
        this.sockets = sockets;
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
            HttpsURLConnection c = (HttpsURLConnection) URI.create(url).toURL().openConnection();
            c.setSSLSocketFactory(sockets);
            c.setConnectTimeout((int) TIMEOUT.toMillis());
            c.setReadTimeout((int) TIMEOUT.toMillis());
            c.setUseCaches(false);
            c.setRequestMethod(method);
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                c.setRequestProperty("Content-Type", "application/jose+json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            byte[] answer;
            // read to the end (the error stream too), so the connection goes back to the keep-alive cache
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            return new Reply(status, c.getHeaderField("Replay-Nonce"), c.getHeaderField("Location"), c.getHeaderField("Retry-After"), answer);
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

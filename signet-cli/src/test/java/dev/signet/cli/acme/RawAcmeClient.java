package dev.signet.cli.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.signet.cli.Https;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A deliberately low-level ACME client for hostile-input tests: it builds each JWS by hand so that a test can break
 * any part of it (header fields, algorithm, signature, body shape, content type).
 */
final class RawAcmeClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final HttpClient http;
    final JsonNode directory;

    RawAcmeClient(URI directoryUrl, X509Certificate root) throws Exception {
        http = Https.trusting(List.of(root));
        directory = JSON.readTree(http.send(HttpRequest.newBuilder(directoryUrl).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    String url(String resource) {
        return directory.get(resource).asText();
    }

    static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String nonce() throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url("newNonce"))).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        return r.headers().firstValue("Replay-Nonce").orElseThrow();
    }

    /** A JWS under construction: protected header fields, payload, and the key that signs it. */
    final class Jws {
        final Map<String, Object> header = new LinkedHashMap<>();
        String payload;
        ECKey key;
        byte[] macKey;
        boolean corruptSignature;

        Jws(String url, String payload, ECKey key, String kid) throws Exception {
            header.put("alg", "ES256");
            if (kid != null) header.put("kid", kid);
            else header.put("jwk", key.toPublicJWK().toJSONObject());
            header.put("nonce", nonce());
            header.put("url", url);
            this.payload = payload;
            this.key = key;
        }

        /** The flattened JWS JSON. */
        Map<String, String> body() throws Exception {
            String protectedPart = B64.encodeToString(JSON.writeValueAsBytes(header));
            String payloadPart = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            byte[] input = (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII);
            String alg = String.valueOf(header.get("alg"));
            byte[] sig;
            if (macKey != null) {
                JWSSigner s = new MACSigner(macKey);
                sig = s.sign(new JWSHeader(JWSAlgorithm.HS256), input).decode();
            } else if (alg.equals("none")) {
                sig = new byte[0];
            } else {
                sig = new ECDSASigner(key).sign(new JWSHeader(JWSAlgorithm.ES256), input).decode();
            }
            if (corruptSignature) sig[sig.length - 1] ^= 1;
            Map<String, String> m = new LinkedHashMap<>();
            m.put("protected", protectedPart);
            m.put("payload", payloadPart);
            m.put("signature", B64.encodeToString(sig));
            return m;
        }
    }

    Jws jws(String url, String payload, ECKey key, String kid) throws Exception {
        return new Jws(url, payload, key, kid);
    }

    HttpResponse<String> post(String url, Jws jws) throws Exception {
        return post(url, JSON.writeValueAsString(jws.body()), "application/jose+json");
    }

    HttpResponse<String> post(String url, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs and posts in one step, letting the caller adjust the JWS first. */
    HttpResponse<String> post(String url, String payload, ECKey key, String kid, Consumer<Jws> adjust) throws Exception {
        Jws j = jws(url, payload, key, kid);
        adjust.accept(j);
        return post(url, j);
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates an account and returns its URL (the kid). */
    String newAccount(ECKey key) throws Exception {
        HttpResponse<String> r = post(url("newAccount"), "{\"termsOfServiceAgreed\":true}", key, null, j -> {});
        if (r.statusCode() != 201) throw new IllegalStateException("newAccount failed: " + r.body());
        return r.headers().firstValue("Location").orElseThrow();
    }
}

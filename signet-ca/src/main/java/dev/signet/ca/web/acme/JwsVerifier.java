package dev.signet.ca.web.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.ra.VerificationKey;
import dev.signet.ca.web.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Parses and verifies ACME request bodies: flattened JWS JSON (RFC 7515 §7.2.2) as RFC 8555 §6.2 restricts it. Only
 * the protected header is allowed; {@code alg} is one of RS256, ES256, ES384, ES512 or EdDSA (Ed25519) and matches the
 * key; the signature is checked with a {@link VerificationKey}.
 *
 * <p>Stateless and thread-safe.
 */
final class JwsVerifier {
    static final Set<String> ALGORITHMS = VerificationKey.ALGORITHMS;
    private static final Set<String> FIELDS = Set.of("protected", "payload", "signature");

    private JwsVerifier() {}

    /** A flattened JWS split into its parts, with the protected header parsed but nothing verified. */
    record ParsedJws(JsonNode header, String protectedPart, String payloadPart, String signaturePart) {
        String alg() {
            return header.path("alg").asText(null);
        }

        String text(String name) {
            JsonNode n = header.get(name);
            return n == null || !n.isTextual() ? null : n.asText();
        }

        boolean has(String name) {
            return header.has(name);
        }

        byte[] payload() {
            return decode(payloadPart, "payload");
        }
    }

    /**
     * Splits a flattened JWS and checks its shape and algorithm.
     *
     * @param what names the JWS in messages ("The request", "The inner keyChange JWS")
     * @throws CaException {@code malformed} for anything but a well-formed flattened JWS with a protected header;
     *     {@code badSignatureAlgorithm} for an algorithm outside {@link #ALGORITHMS}
     */
    static ParsedJws parse(JsonNode body, String what) {
        if (body == null || !body.isObject()) throw new CaException(Problem.MALFORMED, what + " is not a JSON object (a flattened JWS).");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new CaException(Problem.MALFORMED, what + " has the field \"" + f
                        + "\"; a flattened JWS for ACME has only protected, payload and signature.");
            }
        }
        for (String f : FIELDS) {
            if (!body.path(f).isTextual()) throw new CaException(Problem.MALFORMED, what + " lacks the string field \"" + f + "\".");
        }
        JsonNode header;
        try {
            header = Exchange.JSON.readTree(decode(body.get("protected").asText(), "protected header"));
        } catch (IOException e) {
            throw new CaException(Problem.MALFORMED, what + "'s protected header is not JSON.");
        }
        if (header == null || !header.isObject()) throw new CaException(Problem.MALFORMED, what + "'s protected header is not a JSON object.");
        ParsedJws jws = new ParsedJws(header, body.get("protected").asText(), body.get("payload").asText(), body.get("signature").asText());
        String alg = jws.alg();
        if (alg == null) throw new CaException(Problem.MALFORMED, what + "'s protected header has no alg.");
        if (!ALGORITHMS.contains(alg)) {
            throw new CaException(Problem.BAD_SIGNATURE_ALGORITHM, "The algorithm \"" + alg
                    + "\" is not accepted; use RS256, ES256, ES384, ES512 or EdDSA.");
        }
        if (jws.has("jwk") == jws.has("kid")) {
            throw new CaException(Problem.MALFORMED, what + "'s protected header must have exactly one of jwk and kid.");
        }
        return jws;
    }

    /** Parses the {@code jwk} header as a public key. */
    static JWK embeddedKey(ParsedJws jws) {
        JsonNode n = jws.header().get("jwk");
        if (n == null || !n.isObject()) throw new CaException(Problem.MALFORMED, "The jwk header is not a JSON object.");
        JWK key;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Exchange.JSON.convertValue(n, Map.class);
            key = JWK.parse(map);
        } catch (ParseException | IllegalArgumentException e) {
            throw new CaException(Problem.MALFORMED, "The jwk header is not a valid JSON Web Key: " + e.getMessage());
        }
        if (key.isPrivate()) throw new CaException(Problem.MALFORMED, "The jwk header contains private key material.");
        return key;
    }

    /**
     * Checks the signature with {@code key}.
     *
     * @throws CaException {@code badSignatureAlgorithm} when alg does not fit the key, {@code badPublicKey} for a
     *     weak key, {@code malformed} when the signature does not verify
     */
    static void verify(ParsedJws jws, VerificationKey key) {
        byte[] input = (jws.protectedPart() + "." + jws.payloadPart()).getBytes(StandardCharsets.US_ASCII);
        key.verify(jws.alg(), input, decode(jws.signaturePart(), "signature"));
    }

    private static byte[] decode(String part, String name) {
        if (part.indexOf('=') >= 0) throw new CaException(Problem.MALFORMED, "The JWS " + name + " must be base64url without padding.");
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new CaException(Problem.MALFORMED, "The JWS " + name + " is not valid base64url.");
        }
    }
}

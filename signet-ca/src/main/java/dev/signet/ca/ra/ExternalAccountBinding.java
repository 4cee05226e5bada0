package dev.signet.ca.ra;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.EabKey;
import dev.signet.ca.storage.Storage;
import java.text.ParseException;
import java.util.Set;

/**
 * Checks an external account binding (RFC 8555 §7.3.4): a flattened JWS, MAC'd with HS256/384/512 under an EAB key of
 * the provisioner, whose {@code kid} names that key, whose {@code url} is the newAccount URL and whose payload is the
 * account's public key. It does not bind the key; the account registry does that atomically with the account.
 *
 * <p>Stateless and thread-safe.
 */
final class ExternalAccountBinding {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

    private final Storage storage;

    ExternalAccountBinding(Storage storage) {
        this.storage = storage;
    }

    /**
     * Verifies the binding and returns its key id.
     *
     * @throws CaException {@code malformed} for a structurally bad binding, {@code unauthorized} for an unknown, used or
     *     foreign key or a MAC that does not verify
     */
    String verify(JsonNode eab, AcmeProvisioner provisioner, String newAccountUrl, JWK accountKey) {
        if (!eab.isObject() || !eab.path("protected").isTextual() || !eab.path("payload").isTextual()
                || !eab.path("signature").isTextual()) {
            throw new CaException(Problem.MALFORMED, "The externalAccountBinding must be a flattened JWS with protected, payload and signature.");
        }
        JWSObject jws;
        try {
            jws = new JWSObject(new Base64URL(eab.get("protected").asText()), new Base64URL(eab.get("payload").asText()),
                    new Base64URL(eab.get("signature").asText()));
        } catch (ParseException | IllegalArgumentException e) {
            throw new CaException(Problem.MALFORMED, "The externalAccountBinding's protected header cannot be parsed.");
        }
        if (!ALGORITHMS.contains(jws.getHeader().getAlgorithm())) {
            throw new CaException(Problem.MALFORMED, "The externalAccountBinding must use HS256, HS384 or HS512, not "
                    + jws.getHeader().getAlgorithm() + ".");
        }
        if (jws.getHeader().getCustomParam("nonce") != null) {
            throw new CaException(Problem.MALFORMED, "The externalAccountBinding must not carry a nonce.");
        }
        String kid = jws.getHeader().getKeyID();
        if (kid == null) throw new CaException(Problem.MALFORMED, "The externalAccountBinding names no kid.");
        if (!newAccountUrl.equals(jws.getHeader().getCustomParam("url"))) {
            throw new CaException(Problem.UNAUTHORIZED, "The externalAccountBinding's url is not this newAccount URL.");
        }
        EabKey key = storage.findEabKey(kid).filter(k -> k.provisioner().equals(provisioner.name()))
                .orElseThrow(() -> new CaException(Problem.UNAUTHORIZED, "The external account key \"" + kid + "\" does not exist."));
        if (key.boundAccountId() != null) {
            throw new CaException(Problem.UNAUTHORIZED, "The external account key \"" + kid + "\" is already bound to an account.");
        }
        boolean valid;
        try {
            valid = jws.verify(new MACVerifier(key.hmacKey()));
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) throw new CaException(Problem.UNAUTHORIZED, "The externalAccountBinding's MAC does not verify.");
        JWK bound;
        try {
            bound = JWK.parse(jws.getPayload().toString());
        } catch (ParseException e) {
            throw new CaException(Problem.MALFORMED, "The externalAccountBinding's payload is not a JWK.");
        }
        if (!sameKey(bound, accountKey)) {
            throw new CaException(Problem.UNAUTHORIZED, "The externalAccountBinding binds a different key than the account's.");
        }
        return kid;
    }

    private static boolean sameKey(JWK a, JWK b) {
        try {
            return a.computeThumbprint().equals(b.computeThumbprint());
        } catch (JOSEException e) {
            return false;
        }
    }
}

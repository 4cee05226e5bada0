package dev.signet.ca.web.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.ra.AcmeProvisioner;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.web.Exchange;
import java.io.IOException;

/**
 * A POST whose JWS (RFC 8555 §6.2) verified: the provisioner, the key that signed it, the account when signed with
 * {@code kid}, and the payload. Immutable.
 *
 * @param account the requesting account for kid-signed requests, else null
 * @param payload the decoded payload; empty for POST-as-GET (§6.3)
 */
record SignedRequest(AcmeProvisioner provisioner, JWK key, AcmeAccount account, byte[] payload) {
    /** Whether this is a POST-as-GET. */
    boolean isPostAsGet() {
        return payload.length == 0;
    }

    /** The payload as a JSON object. */
    ObjectNode json() {
        if (payload.length == 0) throw new CaException(Problem.MALFORMED, "The request needs a JSON object payload, not an empty one.");
        try {
            JsonNode n = Exchange.JSON.readTree(payload);
            if (n == null || !n.isObject()) throw new CaException(Problem.MALFORMED, "The request's payload is not a JSON object.");
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new CaException(Problem.MALFORMED, "The request's payload is not valid JSON.");
        }
    }

    /** The account, which kid-signed requests carry. */
    AcmeAccount requireAccount() {
        if (account == null) throw new CaException(Problem.MALFORMED, "This request must be signed with an account's kid, not a jwk.");
        return account;
    }

    /** Requires a POST-as-GET. */
    SignedRequest requirePostAsGet() {
        if (payload.length != 0) throw new CaException(Problem.MALFORMED, "This resource is fetched with POST-as-GET: the payload must be empty.");
        return this;
    }
}

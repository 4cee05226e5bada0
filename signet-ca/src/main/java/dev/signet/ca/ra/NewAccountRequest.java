package dev.signet.ca.ra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The payload of a newAccount request (RFC 8555 §7.3). Any field may be null when the client left it out. Immutable.
 *
 * @param externalAccountBinding the flattened JWS of §7.3.4, or null
 */
public record NewAccountRequest(List<String> contact, Boolean termsOfServiceAgreed, Boolean onlyReturnExisting,
        JsonNode externalAccountBinding) {}

package dev.signet.ca.error;

/**
 * Every kind of failure the CA reports to a client, each with its problem type and HTTP status: RFC 8555 §6.7, RFC 9773
 * §7.4 ({@code alreadyReplaced}) and draft-ietf-acme-profiles ({@code invalidProfile}). This is the one table the front
 * end uses to turn a {@link CaException} into a problem document; nothing else maps errors to statuses.
 *
 * <p>Some kinds share an RFC type and differ only in status (a missing resource is {@code malformed} with 404).
 */
public enum Problem {
    ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist", 400),
    ALREADY_REPLACED("alreadyReplaced", 409),
    ALREADY_REVOKED("alreadyRevoked", 400),
    BAD_CSR("badCSR", 400),
    BAD_NONCE("badNonce", 400),
    BAD_PUBLIC_KEY("badPublicKey", 400),
    BAD_REVOCATION_REASON("badRevocationReason", 400),
    BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm", 400),
    CAA("caa", 403),
    COMPOUND("compound", 403),
    CONNECTION("connection", 400),
    DNS("dns", 400),
    EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired", 403),
    INCORRECT_RESPONSE("incorrectResponse", 403),
    INVALID_CONTACT("invalidContact", 400),
    INVALID_PROFILE("invalidProfile", 400),
    MALFORMED("malformed", 400),
    ORDER_NOT_READY("orderNotReady", 403),
    RATE_LIMITED("rateLimited", 429),
    REJECTED_IDENTIFIER("rejectedIdentifier", 400),
    SERVER_INTERNAL("serverInternal", 500),
    TLS("tls", 400),
    UNAUTHORIZED("unauthorized", 403),
    UNSUPPORTED_CONTACT("unsupportedContact", 400),
    UNSUPPORTED_IDENTIFIER("unsupportedIdentifier", 400),
    USER_ACTION_REQUIRED("userActionRequired", 403),
    /** A request that needs a client certificate (mTLS) and came without one. */
    UNAUTHENTICATED("unauthorized", 401),
    /** A resource that does not exist (RFC 8555 has no type for it; Boulder and Pebble send malformed with 404). */
    NOT_FOUND("malformed", 404),
    /** A path served for other methods only. */
    METHOD_NOT_ALLOWED("malformed", 405),
    /** RFC 8555 §7.3.5: the new key of a key change already belongs to an account. */
    CONFLICT("malformed", 409),
    /** A request body over the size limit. */
    PAYLOAD_TOO_LARGE("malformed", 413),
    /** RFC 8555 §6.2: a POST whose Content-Type is not application/jose+json. */
    UNSUPPORTED_MEDIA_TYPE("malformed", 415),
    /** The CA cannot serve now (e.g. its database does not answer). */
    UNAVAILABLE("serverInternal", 503);

    private static final String PREFIX = "urn:ietf:params:acme:error:";

    private final String type;
    private final int status;

    Problem(String type, int status) {
        this.type = type;
        this.status = status;
    }

    /** The full problem type URN, e.g. {@code urn:ietf:params:acme:error:badCSR}. */
    public String type() {
        return PREFIX + type;
    }

    public int status() {
        return status;
    }
}

package dev.signet.ca.error;

/**
 * Every kind of failure the CA reports to a client, each with its RFC 8555 §6.7 problem type and HTTP status. This is
 * the one table the front end uses to turn a {@link CaException} into a problem document; nothing else maps errors to
 * statuses.
 */
public enum Problem {
    BAD_CSR("badCSR", 400),
    BAD_PUBLIC_KEY("badPublicKey", 400),
    REJECTED_IDENTIFIER("rejectedIdentifier", 400),
    MALFORMED("malformed", 400),
    UNAUTHORIZED("unauthorized", 403),
    NOT_FOUND("malformed", 404),
    SERVER_INTERNAL("serverInternal", 500),
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

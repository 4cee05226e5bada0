package dev.signet.ca.error;

import java.time.Duration;
import java.util.List;

/**
 * The CA's one internal error type: a {@link Problem} kind and a detail sentence meant for the client, optionally with
 * per-identifier {@linkplain Subproblem subproblems}, a {@code Retry-After} delay, a {@code Location} (RFC 8555
 * §7.3.5 points at the account that holds a key) and {@code Link}s (§7.3.3: the terms of service). Components below the front end (ra, va, signer, storage, ...) throw
 * only this; the front end alone renders it. For {@link Problem#SERVER_INTERNAL} the detail is logged, never sent.
 */
public class CaException extends RuntimeException {
    private final Problem problem;
    private List<Subproblem> subproblems = List.of();
    private Duration retryAfter;
    private String location;
    private List<String> links = List.of();
    private boolean authenticationFailure;

    public CaException(Problem problem, String detail) {
        super(detail);
        this.problem = problem;
    }

    public CaException(Problem problem, String detail, Throwable cause) {
        super(detail, cause);
        this.problem = problem;
    }

    /** Adds subproblems; returns this exception for chaining. */
    public CaException withSubproblems(List<Subproblem> subproblems) {
        this.subproblems = List.copyOf(subproblems);
        return this;
    }

    /** Asks the client to wait before retrying; returns this exception for chaining. */
    public CaException withRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    /** Names a related resource for the {@code Location} header; returns this exception for chaining. */
    public CaException withLocation(String location) {
        this.location = location;
        return this;
    }

    /** Adds a {@code Link} header value such as {@code <https://...>;rel="terms-of-service"}; returns this exception. */
    public CaException withLink(String link) {
        java.util.List<String> all = new java.util.ArrayList<>(links);
        all.add(link);
        this.links = List.copyOf(all);
        return this;
    }

    /**
     * Marks this error as a failed authentication (a request whose signature, token or credential does not check out)
     * though its problem type does not say so; returns this exception for chaining.
     */
    public CaException asAuthenticationFailure() {
        this.authenticationFailure = true;
        return this;
    }

    /**
     * Whether this error refuses a request for failed authentication or authorization, which the audit trail records:
     * {@code unauthorized} (403 or 401), {@code badSignatureAlgorithm}, or one {@linkplain #asAuthenticationFailure
     * marked} so.
     */
    public boolean isAuthenticationFailure() {
        return authenticationFailure || problem == Problem.UNAUTHORIZED || problem == Problem.UNAUTHENTICATED
                || problem == Problem.BAD_SIGNATURE_ALGORITHM;
    }

    /** {@code Link} header values to send. */
    public List<String> links() {
        return links;
    }

    public Problem problem() {
        return problem;
    }

    /** The client-facing sentence. */
    public String detail() {
        return getMessage();
    }

    public List<Subproblem> subproblems() {
        return subproblems;
    }

    /** The delay to send as {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The URL to send as {@code Location}, or null. */
    public String location() {
        return location;
    }
}

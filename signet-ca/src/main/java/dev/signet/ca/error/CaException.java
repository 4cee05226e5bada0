package dev.signet.ca.error;

/**
 * The CA's one internal error type: a {@link Problem} kind and a detail sentence meant for the client. Components
 * below the front end (signer, storage, ...) throw only this; the front end alone renders it. For
 * {@link Problem#SERVER_INTERNAL} the detail is logged, never sent.
 */
public class CaException extends RuntimeException {
    private final Problem problem;

    public CaException(Problem problem, String detail) {
        super(detail);
        this.problem = problem;
    }

    public CaException(Problem problem, String detail, Throwable cause) {
        super(detail, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The client-facing sentence. */
    public String detail() {
        return getMessage();
    }
}

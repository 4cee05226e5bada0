package dev.signet.bench.acme;

/** One failed issuance, with the kind it is counted under (a problem type, {@code timeout}, an exception's class). */
final class AcmeFailure extends Exception {
    private final String kind;

    AcmeFailure(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    String kind() {
        return kind;
    }
}

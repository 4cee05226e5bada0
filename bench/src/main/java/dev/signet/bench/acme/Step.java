package dev.signet.bench.acme;

/** The timed steps of one issuance, in order, and the whole. */
enum Step {
    NEW_ORDER("newOrder"),
    AUTHORIZATION("authz"),
    CHALLENGE("challenge"),
    VALIDATION("validation"),
    FINALIZE("finalize"),
    PROCESSING("processing"),
    DOWNLOAD("download"),
    ISSUANCE("issuance");

    final String label;

    Step(String label) {
        this.label = label;
    }
}

package dev.signet.ca.error;

/** A stored failure: why a challenge, authorization or order became invalid. Immutable. */
public record ProblemDetail(Problem problem, String detail) {}

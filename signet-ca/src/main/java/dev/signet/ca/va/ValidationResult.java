package dev.signet.ca.va;

import dev.signet.ca.error.Problem;
import java.util.Objects;

/**
 * The outcome of one challenge check: valid, or invalid with the problem type and a sentence for the client
 * (RFC 8555 §8: the challenge's {@code error} field).
 *
 * @param valid whether the challenge was fulfilled
 * @param problem why it was not; {@code null} when valid
 * @param detail a full sentence saying what was found; {@code null} when valid
 */
public record ValidationResult(boolean valid, Problem problem, String detail) {
    private static final ValidationResult SUCCESS = new ValidationResult(true, null, null);

    public ValidationResult {
        if (valid && (problem != null || detail != null)) {
            throw new IllegalArgumentException("A valid result carries no problem.");
        }
        if (!valid) {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public static ValidationResult success() {
        return SUCCESS;
    }

    public static ValidationResult failure(Problem problem, String detail) {
        return new ValidationResult(false, problem, detail);
    }
}

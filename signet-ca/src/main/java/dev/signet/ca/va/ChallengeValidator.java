package dev.signet.ca.va;

/**
 * Checks one challenge type. Implementations return every outcome, failures included, as a {@link ValidationResult}
 * and are thread-safe: one instance serves all validations at once.
 */
@FunctionalInterface
public interface ChallengeValidator {
    ValidationResult validate(ValidationRequest request);
}

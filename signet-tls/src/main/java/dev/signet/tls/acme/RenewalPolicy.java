package dev.signet.tls.acme;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a certificate is due for renewal: when less than {@code renew_before} of its lifetime is left (seed 000), or
 * when the CA's renewal window (RFC 9773 §4.2) says so, whichever comes first. For the window, one time is chosen
 * uniformly at random inside it per certificate (so that many services do not renew at once); the certificate is due
 * when that time is before the next check, or when the window has passed.
 *
 * <p>Not thread-safe: used by one managed certificate under its storage lock.
 */
final class RenewalPolicy {
    private final Duration renewBefore;
    private final Duration checkInterval;
    private final RandomGenerator random;
    private BigInteger chosenFor;
    private Instant chosen;

    RenewalPolicy(Duration renewBefore, Duration checkInterval, RandomGenerator random) {
        this.renewBefore = renewBefore;
        this.checkInterval = checkInterval;
        this.random = random;
    }

    /** Why {@code certificate} is due at {@code now}, or empty when it is not. */
    Optional<String> due(X509Certificate certificate, Instant now, Optional<AcmeClient.Window> window) {
        Duration remaining = remaining(certificate, now);
        if (remaining.compareTo(renewBefore) < 0) return Optional.of("remaining lifetime below renew_before");
        if (window.isEmpty()) return Optional.empty();
        AcmeClient.Window w = window.get();
        if (!now.isBefore(w.end())) return Optional.of("the CA's renewal window has passed");
        Instant t = chosenTime(certificate.getSerialNumber(), w);
        if (t.isBefore(now.plus(checkInterval))) return Optional.of("inside the CA's renewal window");
        return Optional.empty();
    }

    static Duration remaining(X509Certificate certificate, Instant now) {
        return Duration.between(now, certificate.getNotAfter().toInstant());
    }

    private Instant chosenTime(BigInteger serial, AcmeClient.Window w) {
        if (!serial.equals(chosenFor) || chosen.isBefore(w.start()) || chosen.isAfter(w.end())) {
            long span = Math.max(1, Duration.between(w.start(), w.end()).toMillis());
            chosen = w.start().plusMillis(random.nextLong(span));
            chosenFor = serial;
        }
        return chosen;
    }
}

package dev.signet.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * When a certificate is due for renewal. By default once two thirds of its lifetime have passed (seed 002: a two-year
 * certificate renews after 487 days), otherwise when less than a given duration, or a given percentage of the
 * lifetime, remains. Immutable and thread-safe.
 */
public final class RenewalRule {
    private final Duration remaining;
    private final Double remainingPercent;

    private RenewalRule(Duration remaining, Double remainingPercent) {
        this.remaining = remaining;
        this.remainingPercent = remainingPercent;
    }

    /** Renew once 2/3 of the lifetime has passed. */
    public static RenewalRule twoThirds() {
        return new RenewalRule(null, 100.0 / 3);
    }

    /**
     * Parses an {@code --expires-in} value: a Go duration ({@code 8h}) or a percentage of the lifetime ({@code 33%}).
     *
     * @throws IllegalArgumentException with a sentence naming the value
     */
    public static RenewalRule parse(String expiresIn) {
        String s = expiresIn.trim();
        if (s.endsWith("%")) {
            String number = s.substring(0, s.length() - 1).trim();
            if (!number.matches("[-+]?\\d+(\\.\\d+)?")) {
                throw new IllegalArgumentException("\"" + expiresIn + "\" is not a percentage.");
            }
            double p = Double.parseDouble(number);
            if (p <= 0 || p > 100) throw new IllegalArgumentException("\"" + expiresIn + "\" must be a percentage between 0 and 100.");
            return new RenewalRule(null, p);
        }
        return new RenewalRule(GoDuration.parse(s), null);
    }

    /** The instant from which the certificate needs renewal. */
    public Instant renewAt(X509Certificate cert) {
        Instant start = cert.getNotBefore().toInstant();
        Instant end = cert.getNotAfter().toInstant();
        if (remaining != null) return end.minus(remaining);
        long lifetimeMillis = Duration.between(start, end).toMillis();
        return end.minusMillis(Math.round(lifetimeMillis * remainingPercent / 100.0));
    }

    /** Whether the certificate needs renewal at {@code now}. */
    public boolean needsRenewal(X509Certificate cert, Instant now) {
        return !now.isBefore(renewAt(cert));
    }
}

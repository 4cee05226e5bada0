package dev.signet.cli.ca;

import dev.signet.pki.RenewalRule;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The loop of {@code signet ca renew --daemon}: renews when the rule says (by default at 2/3 of the lifetime) minus a
 * random jitter of up to 5% of the lifetime (so a fleet does not renew at one instant), retries every minute after a
 * failure, and renews at once when {@link #wake()} is called (SIGHUP). It never exits on a failed renewal.
 *
 * <p>{@link #run} occupies the calling thread; {@link #wake} and {@link #stop} may be called from any thread.
 */
public final class RenewalDaemon {
    /** The pause after a failed renewal. */
    static final Duration RETRY = Duration.ofMinutes(1);
    /** The largest share of the lifetime taken off the renewal time at random. */
    static final double JITTER = 0.05;

    /** One renewal attempt: the certificate now in force afterwards, or an exception. */
    @FunctionalInterface
    public interface Attempt {
        X509Certificate renew() throws Exception;
    }

    private final RenewalRule rule;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean stopped;

    public RenewalDaemon(RenewalRule rule, Clock clock, DoubleSupplier random) {
        this.rule = rule;
        this.clock = clock;
        this.random = random;
    }

    /** When to renew {@code cert}: the rule's instant minus a jitter of up to {@link #JITTER} of the lifetime. */
    Instant nextRenewal(X509Certificate cert) {
        Duration lifetime = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        long jitterMillis = Math.round(lifetime.toMillis() * JITTER * random.getAsDouble());
        return rule.renewAt(cert).minusMillis(jitterMillis);
    }

    /**
     * Runs until {@link #stop()}: waits for each renewal time (or a wake-up), renews, and reports each outcome.
     *
     * @param current the certificate in force at start
     * @param log receives one line per event
     */
    public void run(X509Certificate current, Attempt attempt, java.util.function.Consumer<String> log) throws InterruptedException {
        X509Certificate cert = current;
        Instant due = nextRenewal(cert);
        log.accept("Next renewal at " + due + ".");
        while (!stopped) {
            Duration wait = Duration.between(clock.instant(), due);
            boolean woken = !wait.isNegative() && !wait.isZero()
                    ? wakeups.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS) : wakeups.tryAcquire();
            if (stopped) return;
            if (!woken && clock.instant().isBefore(due)) continue;
            try {
                cert = attempt.renew();
                due = nextRenewal(cert);
                Instant floor = clock.instant().plus(RETRY);
                if (due.isBefore(floor)) {
                    // the rule leaves no time (e.g. --expires-in longer than the lifetime): never renew in a loop
                    Duration third = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).dividedBy(3);
                    due = clock.instant().plus(third.compareTo(RETRY) > 0 ? third : RETRY);
                    log.accept("The renewal rule asks for renewal at once even for the new certificate; waiting a third of its lifetime.");
                }
                log.accept("Renewed: serial " + cert.getSerialNumber().toString(16) + ", valid until " + cert.getNotAfter().toInstant()
                        + "; next renewal at " + due + ".");
            } catch (Exception e) {
                due = clock.instant().plus(RETRY);
                log.accept("Renewal failed: " + e.getMessage() + " Retrying at " + due + ".");
            }
        }
    }

    /** Renew now (SIGHUP). */
    public void wake() {
        wakeups.release();
    }

    /** Ends {@link #run} at its next wake-up. */
    public void stop() {
        stopped = true;
        wakeups.release();
    }
}

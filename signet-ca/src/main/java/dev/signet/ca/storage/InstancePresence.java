package dev.signet.ca.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's presence on the database, and whether it is alone there (issue 7). Every {@link #BEAT} it refreshes
 * its row in {@code ca_instances} and counts the other rows refreshed within {@link #STALE_AFTER}; it withdraws its row
 * when closed, so that a stopped instance stops counting at once (a killed one after {@link #STALE_AFTER}).
 *
 * <p>What "alone" may be used for: only optimisations that are safe whatever the answer and merely slower or less
 * convenient when it is wrong. A new instance is seen by the others up to one beat after it started, and an instance
 * whose beats stall (a database outage, clocks that disagree by more than {@link #STALE_AFTER}) is not seen at all.
 * Until its first beat succeeds, and after any beat that fails, an instance counts as not alone.
 *
 * <p>Thread-safe: {@link #alone()} is a volatile read; beats run on a daemon thread of their own
 * ({@code signet-presence}), so that no slow task of the server makes the others think this instance gone. Beats and
 * the withdrawal in {@link #close} exclude each other, so no beat writes the row again after it.
 *
 * <p>Each instance stamps its row with its own clock, so instances whose clocks disagree by more than
 * {@link #STALE_AFTER} count each other out (keep them synchronised, as certificates' validity needs anyway); and an
 * instance of a version before this class writes no row, so during a rolling upgrade the new instances may take
 * themselves for alone. Both cost clients a {@code badNonce} and a retry now and then, nothing more.
 */
public final class InstancePresence implements AutoCloseable {
    /** How often an instance refreshes its row. */
    public static final Duration BEAT = Duration.ofSeconds(1);
    /** How long an instance's row counts after its last refresh. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(InstancePresence.class);

    private final Storage storage;
    private final Clock clock;
    private final String id;
    private volatile boolean alone;
    /** The other instances at the last beat, -1 before the first or after a failed one; guarded by this. */
    private int others = -1;
    /** Whether the current run of failed beats was logged; guarded by this. */
    private boolean failureLogged;
    /** The beat thread, from {@link #start}; guarded by this. */
    private ScheduledExecutorService beats;
    /** Set before {@link #close} takes the lock, so that a scheduled beat still to come writes nothing. */
    private volatile boolean closed;

    public InstancePresence(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        byte[] b = new byte[8];
        dev.signet.pki.Crypto.RANDOM.nextBytes(b);
        this.id = HexFormat.of().formatHex(b);
    }

    /** Announces this instance now, on the calling thread, then every {@link #BEAT} on its own thread. */
    public synchronized void start() {
        if (closed) throw new IllegalStateException("This instance's presence was closed.");
        if (beats != null) throw new IllegalStateException("This instance's presence was already started.");
        beat();
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signet-presence");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleWithFixedDelay(this::beatOnSchedule, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether no other instance was active on the database at the last beat. */
    public boolean alone() {
        return alone;
    }

    /** This instance's id in {@code ca_instances}. */
    public String id() {
        return id;
    }

    /** A scheduled beat: whatever it throws must not end the schedule, which would leave {@link #alone} as it was. */
    private void beatOnSchedule() {
        try {
            beat();
        } catch (Throwable t) { // an Error too: the schedule would end silently
            alone = false;
            LOG.warn("A beat of this CA instance's presence failed: {}", t.toString());
        }
    }

    /** Refreshes this instance's row and counts the others; public for tests, which beat by hand. */
    public synchronized void beat() {
        if (closed) return; // no row written again after the withdrawal
        int now;
        try {
            Instant at = clock.instant();
            now = storage.announceInstance(id, at, at.minus(STALE_AFTER));
        } catch (RuntimeException e) {
            alone = false;
            others = -1;
            if (!failureLogged) {
                LOG.warn("Could not announce this CA instance on the database, so ACME nonces are stored in it until a"
                        + " beat succeeds: {}", e.getMessage());
                failureLogged = true;
            }
            return;
        }
        failureLogged = false;
        alone = now == 0;
        if (now == others) return;
        if (now == 0) {
            LOG.info("No other CA instance is active on the database: ACME nonces are kept in this process");
        } else if (others <= 0) {
            LOG.info("{} other CA instance(s) active on the database: ACME nonces are stored in it, for every instance", now);
        }
        others = now;
    }

    /** Stops beating (and its thread) and withdraws this instance's row. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        alone = false;
        synchronized (this) { // waits for a beat in progress, so that none writes the row after the withdrawal
            if (beats != null) beats.shutdownNow();
            withdraw();
        }
    }

    private void withdraw() {
        try {
            storage.withdrawInstance(id);
        } catch (RuntimeException e) {
            LOG.warn("Could not withdraw this CA instance from the database; the others stop counting it after {}s: {}",
                    STALE_AFTER.toSeconds(), e.getMessage());
        }
    }
}

package dev.signet.ca.signer;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CA's current CRL (RFC 5280 §5) and builds a new one, through {@link CrlSigner}:
 * <ul>
 *   <li>at {@link #start()}, before the CA serves anything (a failure there stops the start);</li>
 *   <li>when told that this instance revoked a certificate ({@link #revoked()}, called by the revocation code before it
 *       answers, so the revoking client finds the serial on the next fetch); concurrent revocations share one
 *       generation;</li>
 *   <li>when 3/4 of the CRL's validity has passed, on the scheduler, so that a fresh CRL is out well before
 *       nextUpdate ({@link #refreshIfDue()});</li>
 *   <li>when another instance sharing the database revoked something: at most once per check interval a read compares
 *       {@link Storage#revocationCount()} with the count the current CRL was built from (the count is read before the
 *       entries, so a revocation racing a generation leads to one more generation, never to a missed entry). The same
 *       check rebuilds a CRL whose nextUpdate has passed because the scheduler could not.</li>
 * </ul>
 * A failed generation is logged and counted ({@code signet_crl_generated_total{outcome="failure"}}); the previous CRL
 * stays served and a scheduled attempt is retried after a minute. Gauges: {@code signet_crl_entries},
 * {@code signet_crl_number}, {@code signet_crl_next_update_seconds} (epoch seconds).
 *
 * <p>Thread-safe: reads take the current CRL from a volatile field; generations are serialised on one lock.
 */
public final class CrlPublisher implements AutoCloseable {
    /** How often a read may look for revocations made by other instances. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);
    static final Duration RETRY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(CrlPublisher.class);

    /** A CRL with the storage revocation count it was built from. */
    private record Published(SignedCrl crl, long revocationCount) {}

    private final CrlSigner signer;
    private final Storage storage;
    private final Clock clock;
    private final Duration checkInterval;
    private final ScheduledExecutorService scheduler;
    private final Counter generated;
    private final Counter failed;
    private final Object lock = new Object();
    /** Revocations announced through {@link #revoked()}, numbered. */
    private final AtomicLong announced = new AtomicLong();
    /** Epoch millis of the clock before which reads do not look at storage. */
    private final AtomicLong nextCheck = new AtomicLong(Long.MIN_VALUE);
    private volatile Published current;
    /** The highest announcement the current CRL covers. Guarded by {@code lock}. */
    private long covered;
    /** Guarded by {@code lock}. */
    private ScheduledFuture<?> refresh;
    /** Guarded by {@code lock}. */
    private boolean closed;

    /**
     * @param checkInterval how often reads look for other instances' revocations
     * @param scheduler runs the refresh at 3/4 of the validity; null for none (tests call {@link #refreshIfDue()})
     */
    public CrlPublisher(CrlSigner signer, Storage storage, Clock clock, Duration checkInterval,
            ScheduledExecutorService scheduler, MeterRegistry metrics) {
        this.signer = signer;
        this.storage = storage;
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.scheduler = scheduler;
        this.generated = Counter.builder("signet.crl.generated").description("CRLs built, by outcome")
                .tag("outcome", "success").register(metrics);
        this.failed = Counter.builder("signet.crl.generated").description("CRLs built, by outcome")
                .tag("outcome", "failure").register(metrics);
        Gauge.builder("signet.crl.entries", this, p -> p.current == null ? Double.NaN : p.current.crl().entries())
                .description("Revoked certificates listed in the current CRL").register(metrics);
        Gauge.builder("signet.crl.number", this, p -> p.current == null ? Double.NaN : p.current.crl().number())
                .description("The current CRL's number").register(metrics);
        Gauge.builder("signet.crl.next.update", this,
                        p -> p.current == null ? Double.NaN : p.current.crl().nextUpdate().getEpochSecond())
                .description("The current CRL's nextUpdate as epoch seconds").baseUnit("seconds").register(metrics);
    }

    /**
     * Builds the first CRL and schedules its refresh.
     *
     * @throws CaException when it cannot be built (the CA must not start without one)
     */
    public void start() {
        synchronized (lock) {
            generate();
        }
    }

    /**
     * The CRL to serve. At most once per check interval this looks at storage for revocations made elsewhere (and for
     * a CRL past its nextUpdate) and builds a new CRL first if needed; if that fails the previous CRL is returned.
     *
     * @throws CaException {@code unavailable} before {@link #start()} has succeeded
     */
    public SignedCrl current() {
        Published p = current;
        if (p == null) throw new CaException(Problem.UNAVAILABLE, "The CRL has not been built yet.");
        long now = clock.millis();
        long due = nextCheck.get();
        if (now >= due && nextCheck.compareAndSet(due, now + checkInterval.toMillis())) {
            try {
                boolean stale = !clock.instant().isBefore(p.crl().nextUpdate());
                if (stale || storage.revocationCount() != p.revocationCount()) {
                    synchronized (lock) {
                        if (current == p) tryGenerate(stale ? "its nextUpdate passed" : "another instance revoked a certificate");
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not check the database for new revocations; CRL {} stays served: {}", p.crl().number(), e.getMessage());
            }
        }
        return current.crl();
    }

    /**
     * Called after this instance revoked a certificate: builds a CRL that lists it before returning (unless a generation
     * that started after the revocation already did). Never throws; a failure is logged and the old CRL stays served.
     */
    public void revoked() {
        long ticket = announced.incrementAndGet();
        synchronized (lock) {
            if (covered >= ticket) return;
            tryGenerate("a certificate was revoked");
        }
    }

    /**
     * Builds a new CRL if 3/4 of the current one's validity has passed (the scheduler calls this; tests call it with a
     * manual clock). Never throws.
     *
     * @return whether a new CRL was built
     */
    public boolean refreshIfDue() {
        synchronized (lock) {
            if (closed) return false;
            Published p = current;
            if (p != null && clock.instant().isBefore(refreshAt(p.crl()))) {
                schedule(refreshAt(p.crl()));
                return false;
            }
            return tryGenerate("3/4 of its validity passed");
        }
    }

    /** Stops the scheduled refresh. Reads keep answering with the last CRL. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (refresh != null) refresh.cancel(false);
        }
    }

    private boolean tryGenerate(String why) {
        try {
            generate();
            LOG.info("Built CRL {} with {} entries because {}", current.crl().number(), current.crl().entries(), why);
            return true;
        } catch (RuntimeException e) {
            failed.increment();
            Published p = current;
            LOG.warn("The CRL could not be rebuilt after {}; {} stays served: {}", why,
                    p == null ? "no CRL" : "CRL " + p.crl().number(), e.getMessage());
            schedule(clock.instant().plus(RETRY));
            return false;
        }
    }

    /** Builds and installs a CRL; the caller holds the lock. */
    private void generate() {
        long upTo = announced.get();
        long count = storage.revocationCount(); // before the entries are read: see the class comment
        SignedCrl crl = signer.sign();
        current = new Published(crl, count);
        covered = upTo;
        generated.increment();
        schedule(refreshAt(crl));
    }

    private Instant refreshAt(SignedCrl crl) {
        return crl.thisUpdate().plus(signer.validity().multipliedBy(3).dividedBy(4));
    }

    /** Schedules the next refresh attempt at {@code at}; the caller holds the lock. */
    private void schedule(Instant at) {
        if (scheduler == null || closed) return;
        if (refresh != null) refresh.cancel(false);
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            refresh = scheduler.schedule(this::refreshIfDue, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("The scheduler is shut down; the CRL refresh is not scheduled.");
        }
    }
}

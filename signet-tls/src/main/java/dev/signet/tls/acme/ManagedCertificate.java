package dev.signet.tls.acme;

import dev.signet.pki.GoDuration;
import dev.signet.pki.PkiException;
import dev.signet.tls.CertifiedKey;
import dev.signet.tls.TlsMetrics;
import dev.signet.tls.TlsStartException;
import dev.signet.tls.config.AcmeTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.Login;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one ACME-managed certificate (seed 000, "How It Works" and "Certificate Lifecycle"): at {@link #start}
 * it serves the certificate in {@code storage_path} if it is still good, else obtains one, else falls back to
 * {@code cert_file}/{@code key_file}, else fails; then a background loop {@linkplain #check checks} every
 * {@code check_interval}, renews when {@link RenewalPolicy} says so, saves the result and hands it to the service's
 * key manager (hot reload). A failed renewal keeps the current certificate, is logged and counted, and is retried
 * with a growing delay (one minute, doubling, at most {@code check_interval}); the loop never stops by itself.
 *
 * <p>Several instances (threads or processes) sharing one {@code storage_path} take its lock in turn; whoever comes
 * second finds the first one's certificate and serves it instead of ordering another.
 *
 * <p>Thread-safe: {@link #start} and {@link #check} run under the storage lock; the certificate in force is published
 * through a volatile field and the {@code install} callback.
 */
public final class ManagedCertificate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagedCertificate.class);
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);

    private final AcmeTls config;
    private final Optional<Path> fallbackCert;
    private final Optional<Path> fallbackKey;
    private final AcmeStorage storage;
    private final AcmeClient client;
    private final Consumer<CertifiedKey> install;
    private final TlsMetrics metrics;
    private final Clock clock;
    private final RenewalPolicy policy;
    private final String domain;
    private volatile CertifiedKey current;
    private volatile boolean onFallback;
    private Login login;
    private int failures;
    private ScheduledExecutorService loop;

    /** What one renewal check did. */
    public enum Outcome {
        /** The certificate in force is good until the next check. */
        NOT_DUE,
        /** A new certificate was obtained and put in force. */
        RENEWED,
        /** Another instance sharing the storage had renewed; its certificate was put in force. */
        RELOADED,
        /** Renewal was due and failed; the current certificate stays in force. */
        FAILED
    }

    /**
     * @param acmeTrust the HTTPS trust for the ACME server ({@code ca_bundle} or the system's)
     * @param published where tls-alpn-01 validation certificates go
     * @param ownListener whether the service's own TLS listener answers tls-alpn-01 (no stand-alone responder)
     * @param install called with every certificate put in force (the key manager's swap)
     */
    public ManagedCertificate(AcmeTls config, Optional<Path> fallbackCert, Optional<Path> fallbackKey, SSLContext acmeTrust,
            TlsAlpnChallenges published, boolean ownListener, Consumer<CertifiedKey> install, TlsMetrics metrics, Clock clock,
            RandomGenerator random) {
        this.config = config;
        this.fallbackCert = fallbackCert;
        this.fallbackKey = fallbackKey;
        this.storage = new AcmeStorage(config.storagePath().orElseThrow());
        this.client = new AcmeClient(config, acmeTrust, published, ownListener);
        this.install = install;
        this.metrics = metrics;
        this.clock = clock;
        this.policy = new RenewalPolicy(config.renewBefore(), config.checkInterval(), random);
        this.domain = config.domains().get(0);
    }

    public AcmeStorage storage() {
        return storage;
    }

    /** The certificate in force, or null before {@link #start}. */
    public CertifiedKey current() {
        return current;
    }

    /** Whether the fallback {@code cert_file} is being served because ACME failed. */
    public boolean onFallback() {
        return onFallback;
    }

    /**
     * Puts a certificate in force: the stored one if it covers the domains and is not due, else a newly obtained one,
     * else (ACME failing) the stored one while it has not expired, else the fallback files.
     *
     * @throws TlsStartException when none of these is available
     */
    public CertifiedKey start() {
        log.info("Initializing ACME client directory={}", config.directoryUrl().orElseThrow());
        CertifiedKey stored = null;
        try (AcmeStorage.Lock lock = storage.lock()) {
            stored = usableStored();
            try {
                login = client.login(storage);
            } catch (AcmeFailure e) {
                if (stored != null && policy.due(stored.leaf(), clock.instant(), Optional.empty()).isEmpty()) {
                    log.warn("Could not reach the ACME server; serving the stored certificate error={}", e.getMessage());
                    logValid(stored);
                    put(stored, false);
                    return stored;
                }
                throw e;
            }
            log.info("Checking existing certificate domain={}", domain);
            if (stored != null) {
                Optional<String> due = policy.due(stored.leaf(), clock.instant(), client.renewalWindow(login, stored.leaf()));
                if (due.isEmpty()) {
                    logValid(stored);
                    put(stored, false);
                    return stored;
                }
                logEligible(stored, due.get());
            }
            log.info("Starting certificate obtainment domains={}", config.domains());
            CertifiedKey obtained = obtain(stored == null ? Optional.empty() : Optional.of(stored.leaf()));
            log.info("Certificate obtained successfully domain={} expiry={}", domain, obtained.leaf().getNotAfter().toInstant());
            put(obtained, false);
            return obtained;
        } catch (AcmeFailure | IOException | PkiException e) {
            return startWithout(stored, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlsStartException("Interrupted while obtaining a certificate for " + config.domains() + ".", e);
        }
    }

    private CertifiedKey startWithout(CertifiedKey stored, Exception cause) {
        metrics.failed();
        String why = cause.getMessage();
        if (stored != null && clock.instant().isBefore(stored.leaf().getNotAfter().toInstant())) {
            log.warn("Certificate renewal failed at start; serving the stored certificate until it can be renewed expiry={} error={}",
                    stored.leaf().getNotAfter().toInstant(), why);
            put(stored, false);
            return stored;
        }
        if (fallbackCert.isPresent() && fallbackKey.isPresent()) {
            CertifiedKey fallback = loadFallback();
            log.warn("ACME failed; serving the fallback certificate cert_file={} expiry={} error={}", fallbackCert.get(),
                    fallback.leaf().getNotAfter().toInstant(), why);
            put(fallback, true);
            return fallback;
        }
        throw new TlsStartException("No certificate for " + config.domains() + ": " + (why.endsWith(".") ? why : why + ".")
                + " No cert_file/key_file fallback is configured.", cause);
    }

    private CertifiedKey loadFallback() {
        try {
            return CertifiedKey.fromFiles(fallbackCert.get(), fallbackKey.get());
        } catch (PkiException | IllegalArgumentException e) {
            throw new TlsStartException("ACME failed and the fallback certificate cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * One renewal check: puts in force a certificate another instance stored, renews when due, logs as the seed does.
     */
    public Outcome check() {
        log.info("Certificate renewal check starting");
        try (AcmeStorage.Lock lock = storage.lock()) {
            Outcome reloaded = null;
            CertifiedKey stored = usableStored();
            if (stored != null && (current == null || onFallback
                    || !stored.leaf().getSerialNumber().equals(current.leaf().getSerialNumber()))) {
                put(stored, false);
                log.info("Hot-reloaded certificate path={}", storage.certificateFile());
                reloaded = Outcome.RELOADED;
            }
            if (onFallback) log.warn("Operating in fallback mode cert_file={}; trying ACME again", fallbackCert.orElse(null));
            CertifiedKey now = current;
            Optional<String> due;
            if (onFallback) {
                due = Optional.of("serving the fallback certificate");
            } else {
                Optional<AcmeClient.Window> window = Optional.empty();
                try {
                    if (login == null) login = client.login(storage);
                    window = client.renewalWindow(login, now.leaf());
                } catch (AcmeFailure e) {
                    if (policy.due(now.leaf(), clock.instant(), window).isPresent()) throw e;
                    log.warn("Could not reach the ACME server; the certificate is not due yet error={}", e.getMessage());
                }
                due = policy.due(now.leaf(), clock.instant(), window);
            }
            if (due.isEmpty()) {
                logValid(now);
                failures = 0;
                return reloaded == null ? Outcome.NOT_DUE : reloaded;
            }
            logEligible(now, due.get());
            log.info("Starting certificate renewal domain={}", domain);
            if (login == null) login = client.login(storage);
            CertifiedKey renewed = obtain(onFallback ? Optional.empty() : Optional.of(now.leaf()));
            log.info("Certificate renewed successfully new_expiry={}", renewed.leaf().getNotAfter().toInstant());
            put(renewed, false);
            log.info("Hot-reloaded certificate path={}", storage.certificateFile());
            log.info("Certificate renewal complete next_check={}", GoDuration.format(config.checkInterval()));
            failures = 0;
            return Outcome.RENEWED;
        } catch (AcmeFailure | IOException | RuntimeException e) {
            failures++;
            metrics.failed();
            log.error("Certificate renewal failed; keeping the current certificate error={} next_check={}", e.getMessage(),
                    GoDuration.format(nextDelay()));
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    /** Starts the background loop: a check every {@code check_interval}, sooner after failures. */
    public synchronized void startRenewalLoop() {
        if (loop != null) return;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signet-tls-renewal-" + domain);
            t.setDaemon(true);
            return t;
        });
        schedule(onFallback ? FIRST_RETRY : config.checkInterval());
        log.info("Background renewal loop started check_interval={}", GoDuration.format(config.checkInterval()));
    }

    private void schedule(Duration delay) {
        loop.schedule(() -> {
            check();
            schedule(nextDelay());
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code check_interval} after a success; one minute doubling per failure, capped at {@code check_interval}. */
    Duration nextDelay() {
        if (failures == 0 && !onFallback) return config.checkInterval();
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(20, Math.max(0, failures - 1)));
        return d.compareTo(config.checkInterval()) > 0 ? config.checkInterval() : d;
    }

    private CertifiedKey obtain(Optional<X509Certificate> replaces) throws AcmeFailure, InterruptedException {
        long started = System.nanoTime();
        KeyPair key = newKey();
        List<X509Certificate> chain = client.obtain(login, key, replaces);
        storage.saveCertificate(chain, key.getPrivate());
        log.info("Certificate saved to storage path={}", storage.certificateFile());
        metrics.succeeded(Duration.ofNanos(System.nanoTime() - started));
        return new CertifiedKey(chain, key.getPrivate());
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot make a P-256 key.", e);
        }
    }

    private void put(CertifiedKey key, boolean fallback) {
        current = key;
        onFallback = fallback;
        install.accept(key);
        metrics.served(config.domains(), key.leaf());
    }

    /** The stored certificate if it covers every configured domain and has not expired. */
    private CertifiedKey usableStored() {
        Optional<CertifiedKey> stored = storage.loadCertificate();
        if (stored.isEmpty()) return null;
        X509Certificate leaf = stored.get().leaf();
        if (!clock.instant().isBefore(leaf.getNotAfter().toInstant())) return null;
        return covers(leaf, config.domains()) ? stored.get() : null;
    }

    static boolean covers(X509Certificate leaf, List<String> domains) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2) names.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    if (type == 7) names.add(InetAddress.getByName((String) san.get(1)).getHostAddress());
                }
            }
            for (String d : domains) {
                if (!names.contains(ipOrName(d))) return false;
            }
            return true;
        } catch (CertificateParsingException | UnknownHostException e) {
            return false;
        }
    }

    private static String ipOrName(String d) throws UnknownHostException {
        return dev.signet.pki.SubjectName.parse(d).type() == dev.signet.pki.SubjectName.Type.IP
                ? InetAddress.getByName(d).getHostAddress() : d.toLowerCase(Locale.ROOT);
    }

    private void logValid(CertifiedKey k) {
        Instant expiry = k.leaf().getNotAfter().toInstant();
        log.info("Certificate valid, no renewal needed expiry={} remaining={}", expiry,
                GoDuration.format(RenewalPolicy.remaining(k.leaf(), clock.instant()).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)));
    }

    private void logEligible(CertifiedKey k, String why) {
        log.info("Certificate eligible for renewal remaining={} renew_before={} reason={}",
                GoDuration.format(RenewalPolicy.remaining(k.leaf(), clock.instant()).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)),
                GoDuration.format(config.renewBefore()), why);
    }

    @Override
    public synchronized void close() {
        if (loop != null) loop.shutdownNow();
    }
}

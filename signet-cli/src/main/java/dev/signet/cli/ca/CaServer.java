package dev.signet.cli.ca;

import dev.signet.ca.audit.AuditFile;
import dev.signet.ca.audit.AuditLog;
import dev.signet.ca.config.CaConfig;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.home.CaInitializer;
import dev.signet.ca.signer.CaHierarchy;
import dev.signet.ca.signer.CaKeyFiles;
import dev.signet.ca.signer.CrlPublisher;
import dev.signet.ca.signer.CrlSigner;
import dev.signet.ca.signer.Signer;
import dev.signet.ca.storage.InstancePresence;
import dev.signet.ca.storage.Storage;
import dev.signet.ca.ra.AccountRegistry;
import dev.signet.ca.ra.AdminAuthority;
import dev.signet.ca.ra.ProvisionerDirectory;
import dev.signet.ca.web.AdminRoutes;
import dev.signet.ca.ra.NodeCertificates;
import dev.signet.ca.ra.OneTimeTokens;
import dev.signet.ca.web.NodeRoutes;
import dev.signet.ca.ra.AuthorizationRegistry;
import dev.signet.ca.ra.OrderRegistry;
import dev.signet.ca.ra.RateLimiter;
import dev.signet.ca.ra.RegistrationAuthority;
import dev.signet.ca.ra.RenewalInfoPolicy;
import dev.signet.ca.ra.Revocations;
import dev.signet.ca.va.ValidationAuthority;
import dev.signet.ca.va.ValidationSettings;
import dev.signet.ca.web.CaHttpServer;
import dev.signet.ca.web.CrlHttpServer;
import dev.signet.ca.web.CrlRoutes;
import dev.signet.ca.web.acme.AcmeRoutes;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import dev.signet.ca.web.CaRoutes;
import dev.signet.ca.web.RefusedAuthentication;
import dev.signet.ca.web.Router;
import dev.signet.ca.web.ServerCertificateRotator;
import dev.signet.cli.Version;
import dev.signet.pki.Fingerprints;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that wires the CA together: storage, audit log, signer, routes and the HTTPS server. Starting logs the
 * lines operators know from step-ca ({@code Serving HTTPS on :9000 ...}); {@link #close()} stops gracefully.
 *
 * <p>Start and close from one thread.
 */
public final class CaServer implements AutoCloseable {
    /**
     * How long a challenge response waits for the validation it starts: a validation on a LAN takes milliseconds, so
     * the answer is usually already valid and the client's first poll finds the authorization valid (issue 7).
     */
    static final Duration CHALLENGE_ANSWER_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(CaServer.class);
    private static final int ORDERS_PAGE_SIZE = 100;
    /** How often an instance looks for provisioner changes made through another. */
    private static final java.time.Duration PROVISIONER_CHECK = java.time.Duration.ofSeconds(2);

    private final Storage storage;
    private final AuditLog audit;
    private final Signer signer;
    private final CaHttpServer http;
    private final ScheduledExecutorService scheduler;
    private final GcMetricsHolder gc;
    private final ValidationAuthority va;
    private final CrlPublisher crl;
    private final CrlHttpServer crlHttp;
    private final InstancePresence presence;
    private boolean closed;

    private CaServer(Storage storage, AuditLog audit, Signer signer, CaHttpServer http, ScheduledExecutorService scheduler,
            GcMetricsHolder gc, ValidationAuthority va, CrlPublisher crl, CrlHttpServer crlHttp, InstancePresence presence) {
        this.presence = presence;
        this.va = va;
        this.crl = crl;
        this.crlHttp = crlHttp;
        this.storage = storage;
        this.audit = audit;
        this.signer = signer;
        this.http = http;
        this.scheduler = scheduler;
        this.gc = gc;
    }

    /** Loads keys, opens the database, issues the server certificate and starts serving. */
    public static CaServer start(CaHome home, CaConfig config, char[] password, Clock clock) throws Exception {
        LOG.info("Starting Signet CA/{} (Java {})", Version.VALUE, Runtime.version());
        LOG.info("Config file: {}", home.config());
        CaHierarchy ca = CaKeyFiles.load(home.resolve(config.root()), home.resolve(config.crt()), home.resolve(config.key()), password);
        Storage storage = dev.signet.ca.home.CaDatabase.open(home, config.db());
        LOG.info("Database: {} {}", config.db().type(), dev.signet.ca.home.CaDatabase.describe(home, config.db()));
        AuditLog audit = null;
        ScheduledExecutorService scheduler = null;
        ValidationAuthority va = null;
        CrlPublisher crl = null;
        CrlHttpServer crlHttp = null;
        InstancePresence presence = null;
        try {
            CaConfig.Audit auditConfig = config.logger().audit();
            audit = new AuditLog(storage, clock, auditConfig.enabled()
                    ? new AuditFile(home.resolve(auditConfig.file()), auditConfig.maxHistory(), auditConfig.maxFileSize(), clock) : null);
            AuditLog audited = audit;
            RefusedAuthentication refused = (address, method, path, why) -> audited.record("remote:" + address, "auth.failure",
                    method + " " + path, "failure", why.problem().type() + ": " + why.detail());
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);
            new UptimeMetrics().bindTo(metrics);
            GcMetricsHolder gc = new GcMetricsHolder(metrics);
            Signer signer = new Signer(ca, audit, clock, metrics);
            if (java.nio.file.Files.exists(home.adminCert())) {
                X509Certificate admin = dev.signet.pki.Pem.readCertificates(home.adminCert()).get(0);
                if (dev.signet.ca.signer.AdminCertificates.register(admin, audit, storage)) {
                    LOG.info("Admin certificate {} registered", admin.getSerialNumber().toString(16));
                }
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "signet-server-cert");
                t.setDaemon(true);
                return t;
            });
            ServerCertificateRotator certificates = new ServerCertificateRotator(signer, config.authority().claims(),
                    config.dnsNames(), clock, scheduler);
            if (config.crl().isEnabled()) {
                crl = new CrlPublisher(new CrlSigner(ca, storage, clock, config.crl().cacheDuration()), storage, clock,
                        CrlPublisher.DEFAULT_CHECK_INTERVAL, scheduler, metrics);
                crl.start(); // the first CRL exists before anything is served
                String at = config.crl().httpAddress();
                if (at != null) {
                    crlHttp = new CrlHttpServer(CaConfig.hostOf(at), CaConfig.portOf(at), new CrlRoutes(crl, clock).register(new Router(metrics, refused)));
                    crlHttp.start();
                }
            }
            va = new ValidationAuthority(validationSettings(config), metrics);
            ProvisionerDirectory directory = new ProvisionerDirectory(config, storage, clock, PROVISIONER_CHECK);
            RegistrationAuthority ra = registrationAuthority(directory, storage, signer, va, config.acme().validation().timeout(),
                    config.db().lease(), clock, crl == null ? () -> {} : crl::revoked);
            ra.resumeLapsedWork();
            long sweep = Math.max(1_000, config.db().lease().toMillis() / 2);
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    ra.resumeLapsedWork();
                } catch (RuntimeException e) {
                    LOG.warn("Could not resume work left by a stopped instance: {}", e.getMessage());
                }
            }, sweep, sweep, java.util.concurrent.TimeUnit.MILLISECONDS);
            Router router = new CaRoutes(storage, List.of(ca.root()), List.of(ca.intermediate()), metrics, Version.VALUE)
                    .register(new Router(metrics, refused));
            if (crl != null) new CrlRoutes(crl, clock).register(router);
            presence = new InstancePresence(storage, clock);
            presence.start(); // beats on its own thread: a slow sweep must not make the others think this one gone
            new AcmeRoutes(ra, storage, clock, presence::alone, ORDERS_PAGE_SIZE).register(router);
            java.util.concurrent.atomic.AtomicInteger boundPort = new java.util.concurrent.atomic.AtomicInteger(config.port());
            new NodeRoutes(nodeCertificates(config, directory, storage, signer, clock, crl), () -> directory.current().all(), clock,
                    () -> baseUrls(config, boundPort.get())).register(router);
            new AdminRoutes(new AdminAuthority(storage, clock), directory).register(router);
            CaHttpServer http = new CaHttpServer(config, router, certificates, ca.intermediate());
            http.start();
            boundPort.set(http.port());
            String base = CaInitializer.baseUrl(config);
            LOG.info("The primary server URL is {}", base);
            LOG.info("Root certificates are available at {}/roots.pem", base);
            LOG.info("X.509 Root Fingerprint: {}", Fingerprints.sha256(ca.root()));
            LOG.info("Root certificate file: {}", home.resolve(config.root()));
            if (java.nio.file.Files.exists(home.passwordFile())) LOG.info("Key password file: {}", home.passwordFile());
            for (var p : directory.current().all()) {
                if (!"ACME".equals(p.type())) {
                    LOG.info("{} provisioner {}", p.type(), p.name());
                    continue;
                }
                LOG.info("ACME provisioner {} directory: {}", p.name(), CaInitializer.acmeDirectoryUrl(config, p.name()));
            }
            if (crl != null) {
                LOG.info("CRL available at {}/crl (number {}, next update {})", base, crl.current().number(), crl.current().nextUpdate());
                if (crlHttp != null) LOG.info("CRL available over plain HTTP at http://{}/crl", withPort(at(config.crl().httpAddress()), crlHttp.port()));
                if (config.crl().url() != null) LOG.info("Issued certificates name the CRL distribution point {}", config.crl().url());
            }
            LOG.info("Serving HTTPS on {} ...", withPort(config.address(), http.port()));
            audit.record("ca", "ca.start", "", "success", "address=" + config.address());
            return new CaServer(storage, audit, signer, http, scheduler, gc, va, crl, crlHttp, presence);
        } catch (Exception | Error e) {
            if (presence != null) presence.close(); // first: nothing below may leave it beating for a stopped server
            if (crlHttp != null) stopQuietly(crlHttp);
            if (crl != null) crl.close();
            if (va != null) va.close();
            if (scheduler != null) scheduler.shutdownNow();
            if (audit != null) audit.close();
            storage.close();
            throw e;
        }
    }

    /** A listen address with its port replaced by the bound one (they differ when the config says port 0). */
    private static String withPort(String address, int port) {
        return address.replaceAll(":\\d+$", ":" + port);
    }

    /** A listen address as a URL authority: {@code :9001} becomes {@code 0.0.0.0:9001}. */
    private static String at(String address) {
        return address.startsWith(":") ? "0.0.0.0" + address : address;
    }

    private static void stopQuietly(CrlHttpServer crlHttp) {
        try {
            crlHttp.stop();
        } catch (Exception e) {
            LOG.warn("The plain-HTTP CRL listener did not stop cleanly: {}", e.getMessage());
        }
    }

    private static ValidationSettings validationSettings(CaConfig config) {
        CaConfig.Validation v = config.acme().validation();
        List<InetSocketAddress> resolvers = new ArrayList<>();
        for (String r : v.dnsResolvers()) {
            int colon = r.lastIndexOf(':');
            String host = r.substring(0, colon);
            if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
            resolvers.add(new InetSocketAddress(host, Integer.parseInt(r.substring(colon + 1))));
        }
        return new ValidationSettings(v.http01Port(), v.tlsAlpn01Port(), resolvers, v.timeout());
    }

    private static RegistrationAuthority registrationAuthority(ProvisionerDirectory directory, Storage storage, Signer signer,
            ValidationAuthority va, Duration validationTimeout, Duration lease, Clock clock, Runnable onRevoked) {
        AuthorizationRegistry authorizations = new AuthorizationRegistry(storage, va, validationTimeout.plus(lease), CHALLENGE_ANSWER_WAIT, clock);
        return new RegistrationAuthority(directory, new AccountRegistry(storage, clock),
                new OrderRegistry(storage, signer, authorizations, new RateLimiter(storage, clock),
                        name -> directory.current().acme().get(name), lease, clock), authorizations,
                new Revocations(storage, clock, onRevoked), new RenewalInfoPolicy(storage, signer, clock));
    }

    private static NodeCertificates nodeCertificates(CaConfig config, ProvisionerDirectory directory, Storage storage, Signer signer,
            Clock clock, CrlPublisher crl) {
        return new NodeCertificates(new OneTimeTokens(() -> directory.current().jwk(), storage, clock), signer, storage,
                () -> directory.current().claims(),
                config.crl().distributionPoints(), crl == null ? () -> { } : crl::revoked, clock);
    }

    /** The CA's own URLs: {@code https://name[:port]} for each configured DNS name or IP. */
    private static List<String> baseUrls(CaConfig config, int port) {
        List<String> out = new ArrayList<>();
        for (String name : config.dnsNames()) {
            String host = name.indexOf(':') >= 0 ? "[" + name + "]" : name;
            out.add("https://" + host + (port == 443 ? "" : ":" + port));
        }
        return out;
    }

    /** The bound HTTPS port. */
    public int port() {
        return http.port();
    }

    public Storage storage() {
        return storage;
    }

    public X509Certificate root() {
        return signer.root();
    }

    public CaHttpServer http() {
        return http;
    }

    /** The CRL publisher, or null when {@code crl.enabled} is false. */
    public CrlPublisher crl() {
        return crl;
    }

    /** The bound port of the plain-HTTP CRL listener, or -1 when {@code crl.httpAddress} is not set. */
    public int crlHttpPort() {
        return crlHttp == null ? -1 : crlHttp.port();
    }

    /** Stops serving (in-flight requests complete), then closes the audit log and the database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        LOG.info("Shutting down: finishing in-flight requests");
        try {
            http.stop();
        } catch (Exception e) {
            LOG.warn("The HTTPS server did not stop cleanly: {}", e.getMessage());
        }
        if (crlHttp != null) stopQuietly(crlHttp);
        if (crl != null) crl.close();
        scheduler.shutdownNow();
        presence.close(); // the others count this instance out at once
        va.close();
        try {
            audit.record("ca", "ca.stop", "", "success", "");
        } catch (RuntimeException e) {
            LOG.warn("Could not record the stop in the audit log: {}", e.getMessage());
        }
        audit.close();
        gc.close();
        storage.close();
        LOG.info("Stopped; the database is closed");
    }

    /** Holds the GC metrics binder, which must be closed to release its listeners. */
    private static final class GcMetricsHolder implements AutoCloseable {
        private final JvmGcMetrics gc = new JvmGcMetrics();

        GcMetricsHolder(PrometheusMeterRegistry metrics) {
            gc.bindTo(metrics);
        }

        @Override
        public void close() {
            gc.close();
        }
    }
}

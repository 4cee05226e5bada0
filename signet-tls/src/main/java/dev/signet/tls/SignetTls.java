package dev.signet.tls;

import dev.signet.pki.Pem;
import dev.signet.pki.PkiException;
import dev.signet.tls.acme.AcmeTrust;
import dev.signet.tls.acme.ManagedCertificate;
import dev.signet.tls.acme.TlsAlpnChallenges;
import dev.signet.tls.config.AcmeTls;
import dev.signet.tls.config.ClientTls;
import dev.signet.tls.config.MtlsConfig;
import dev.signet.tls.config.ServerTls;
import dev.signet.tls.config.TlsConfig;
import dev.signet.tls.config.TlsMode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for a Java service from seed 000's {@code security.tls} block: one call gives an {@link SSLContext} whose
 * certificate comes from files ({@code mode: manual}) or from an ACME CA such as Signet ({@code mode: acme}), renews
 * itself in the background and is swapped into new handshakes without a restart (hot reload).
 *
 * <pre>{@code
 * TlsConfig config = TlsConfigParser.parse(json, "config.json");
 * try (SignetTls tls = SignetTls.server(config).metrics(registry, "semstreams").start()) {
 *     SSLContext ctx = tls.sslContext();   // JSSE, Jetty (SslContextFactory.setSslContext), java.net.http ...
 * }
 * }</pre>
 *
 * <p>Server side: presents the managed certificate; with {@code mtls} enabled it requires (or requests) client
 * certificates chaining to {@code client_ca_files} and lets in only {@code allowed_client_cns}. Client side: presents
 * its own certificate when one is configured (manual or ACME) and trusts {@code ca_files} (or the system store).
 *
 * <p>Life cycle: {@link Builder#build()} makes the context without touching the network; {@link #start()} obtains or
 * loads the certificate and starts the renewal loop. A service whose own listener answers tls-alpn-01
 * ({@link Builder#answerTlsAlpnOnOwnListener()}) builds, starts listening with {@link #sslContext()}, then calls
 * {@code start()}. {@link #close()} stops the renewal loop; the context keeps serving the last certificate.
 *
 * <p>Thread-safe.
 */
public final class SignetTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SignetTls.class);

    private final String side;
    private final TlsMode mode;
    private final Optional<Path> certFile;
    private final Optional<Path> keyFile;
    private final ReloadingKeyManager keys;
    private final X509ExtendedTrustManager trust;
    private final EndpointSettings settings;
    private final SSLContext context;
    private final Optional<ManagedCertificate> acme;

    private SignetTls(String side, TlsMode mode, Optional<Path> certFile, Optional<Path> keyFile, ReloadingKeyManager keys,
            X509ExtendedTrustManager trust, EndpointSettings settings, Optional<ManagedCertificate> acme) {
        this.side = side;
        this.mode = mode;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.keys = keys;
        this.trust = trust;
        this.settings = settings;
        this.acme = acme;
        try {
            SSLContext jdk = SSLContext.getInstance("TLS");
            jdk.init(new KeyManager[] {keys}, trust == null ? null : new TrustManager[] {trust}, null);
            this.context = new ConfiguredSslContext(jdk, settings);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot make a TLS context.", e);
        }
    }

    /** A builder for the server side of {@code config}; fails when {@code security.tls.server} is absent or disabled. */
    public static Builder server(TlsConfig config) {
        ServerTls s = config.server().filter(ServerTls::enabled).orElseThrow(() -> new TlsStartException(
                "security.tls.server is absent or disabled (Tier 1): the service should listen without TLS."));
        return new Builder(s, null);
    }

    /** A builder for the client side of {@code config}; fails when {@code security.tls.client} is absent or disabled. */
    public static Builder client(TlsConfig config) {
        ClientTls c = config.client().filter(ClientTls::enabled).orElseThrow(() -> new TlsStartException(
                "security.tls.client is absent or disabled: the service should connect without TLS."));
        return new Builder(null, c);
    }

    /** Options beyond the config block. Not thread-safe. */
    public static final class Builder {
        private final ServerTls server;
        private final ClientTls client;
        private TlsMetrics metrics = TlsMetrics.none();
        private Clock clock = Clock.systemUTC();
        private boolean ownListener;
        private RandomGenerator random = new java.security.SecureRandom();

        private Builder(ServerTls server, ClientTls client) {
            this.server = server;
            this.client = client;
        }

        /** Registers the certificate metrics in {@code registry} under {@code prefix} (default: none registered). */
        public Builder metrics(MeterRegistry registry, String prefix) {
            this.metrics = new TlsMetrics(registry, prefix);
            return this;
        }

        /** The clock renewal decisions use (tests move it forward). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The randomness that picks a time inside the CA's renewal window. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /**
         * The service's own TLS listener is on {@code tls_alpn01_address}: it answers tls-alpn-01 itself, and no
         * stand-alone responder is started. The listener must be up (with {@link #sslContext()}) before {@link #start()}.
         */
        public Builder answerTlsAlpnOnOwnListener() {
            this.ownListener = true;
            return this;
        }

        /** Makes the context, without network access and without a certificate yet. */
        public SignetTls build() {
            TlsAlpnChallenges challenges = new TlsAlpnChallenges();
            ReloadingKeyManager keys = new ReloadingKeyManager(challenges);
            if (server != null) {
                List<String> protocols = EndpointSettings.protocolsFrom(server.minVersion());
                X509ExtendedTrustManager trust = null;
                boolean need = false;
                boolean want = false;
                if (server.mtlsEnabled()) {
                    MtlsConfig m = server.mtls().orElseThrow();
                    trust = new AllowedClientNames(new ReloadingTrustManager(anchors(m.clientCaFiles(), "client_ca_files")),
                            m.allowedClientCns());
                    need = m.requireClientCert();
                    want = !need;
                }
                boolean answer = server.mode() == TlsMode.ACME;
                Optional<ManagedCertificate> acme = managed(server.mode(), server.acme(), server.certFile(), server.keyFile(),
                        challenges, keys, ownListener);
                return new SignetTls("server", server.mode(), server.certFile(), server.keyFile(), keys, trust,
                        new EndpointSettings(protocols, need, want, answer), acme);
            }
            X509ExtendedTrustManager trust;
            if (client.insecureSkipVerify()) {
                log.warn("insecure_skip_verify is set: server certificates are not verified; use this only in development");
                trust = new TrustingEverything();
            } else if (client.caFiles().isEmpty()) {
                trust = systemTrust();
            } else {
                trust = new ReloadingTrustManager(anchors(client.caFiles(), "ca_files"));
            }
            Optional<ManagedCertificate> acme = managed(client.mode(), client.acme(), client.certFile(), client.keyFile(),
                    challenges, keys, false);
            return new SignetTls("client", client.mode(), client.certFile(), client.keyFile(), keys, trust,
                    new EndpointSettings(EndpointSettings.protocolsFrom(client.minVersion()), false, false, false), acme);
        }

        /** {@link #build()}, then {@link SignetTls#start()}. */
        public SignetTls start() {
            return build().start();
        }

        private Optional<ManagedCertificate> managed(TlsMode mode, Optional<AcmeTls> acme, Optional<Path> certFile,
                Optional<Path> keyFile, TlsAlpnChallenges challenges, ReloadingKeyManager keys, boolean own) {
            if (mode != TlsMode.ACME) return Optional.empty();
            AcmeTls a = acme.orElseThrow();
            SSLContext acmeTrust = acmeTrust(a);
            return Optional.of(new ManagedCertificate(a, certFile, keyFile, acmeTrust, challenges, own, keys::swap, metrics,
                    clock, random));
        }
    }

    /**
     * Puts a certificate in force: the files in manual mode, the ACME life cycle in acme mode (then starts the
     * renewal loop). A client without a configured certificate has nothing to load.
     *
     * @throws TlsStartException when no certificate can be had, with a sentence saying why
     */
    public SignetTls start() {
        if (acme.isPresent()) {
            acme.get().start();
            acme.get().startRenewalLoop();
        } else if (certFile.isPresent() && keyFile.isPresent()) {
            try {
                keys.swap(CertifiedKey.fromFiles(certFile.get(), keyFile.get()));
            } catch (PkiException | IllegalArgumentException e) {
                throw new TlsStartException("The " + side + " certificate cannot be loaded: " + e.getMessage(), e);
            }
        } else if (side.equals("server")) {
            throw new TlsStartException("security.tls.server has no certificate: set cert_file and key_file, or enable acme.");
        }
        return this;
    }

    /** The context to give the service's listeners or clients. */
    public SSLContext sslContext() {
        return context;
    }

    /** The key manager (for consumers that take key managers, such as Netty's {@code SslContextBuilder}). */
    public ReloadingKeyManager keyManager() {
        return keys;
    }

    /** A factory handing out {@link #keyManager()}: {@code SslContextBuilder.forServer(tls.keyManagerFactory())}. */
    public KeyManagerFactory keyManagerFactory() {
        return new SingleKeyManagerFactory(keys);
    }

    /** A factory handing out the trust manager, when this side checks peer certificates with its own anchors. */
    public Optional<TrustManagerFactory> trustManagerFactory() {
        return trust == null ? Optional.empty() : Optional.of(new SingleTrustManagerFactory(trust));
    }

    /** The versions, client authentication and ALPN behaviour this side's endpoints get. */
    public EndpointSettings settings() {
        return settings;
    }

    /** The ACME life cycle, in acme mode. */
    public Optional<ManagedCertificate> acme() {
        return acme;
    }

    /** The certificate in force, or null when none is (a client without one, a server before {@link #start()}). */
    public CertifiedKey certificate() {
        return keys.current();
    }

    public TlsMode mode() {
        return mode;
    }

    @Override
    public void close() {
        acme.ifPresent(ManagedCertificate::close);
    }

    private static List<X509Certificate> anchors(List<Path> files, String field) {
        List<X509Certificate> all = new ArrayList<>();
        for (Path f : files) {
            try {
                List<X509Certificate> certs = Pem.readCertificates(f);
                if (certs.isEmpty()) throw new TlsStartException("The " + field + " file " + f + " holds no certificate.");
                all.addAll(certs);
            } catch (PkiException e) {
                throw new TlsStartException("The " + field + " file cannot be used: " + e.getMessage(), e);
            }
        }
        return all;
    }

    private static SSLContext acmeTrust(AcmeTls a) {
        return a.caBundle().isPresent() ? AcmeTrust.sslContext(anchors(List.of(a.caBundle().get()), "acme.ca_bundle"))
                : AcmeTrust.sslContext(null);
    }

    private static X509ExtendedTrustManager systemTrust() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager) return (X509ExtendedTrustManager) tm;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK's default trust store cannot be loaded.", e);
        }
        throw new IllegalStateException("The JDK offers no X509ExtendedTrustManager.");
    }

    private static final Provider NO_PROVIDER = new Provider("SignetTls", "1.0", "Signet TLS managers") {};

    private static final class SingleKeyManagerFactory extends KeyManagerFactory {
        SingleKeyManagerFactory(KeyManager km) {
            super(new KeyManagerFactorySpi() {
                @Override
                protected void engineInit(KeyStore ks, char[] password) {}

                @Override
                protected void engineInit(ManagerFactoryParameters spec) {}

                @Override
                protected KeyManager[] engineGetKeyManagers() {
                    return new KeyManager[] {km};
                }
            }, NO_PROVIDER, "SignetTls");
        }
    }

    private static final class SingleTrustManagerFactory extends TrustManagerFactory {
        SingleTrustManagerFactory(TrustManager tm) {
            super(new TrustManagerFactorySpi() {
                @Override
                protected void engineInit(KeyStore ks) {}

                @Override
                protected void engineInit(ManagerFactoryParameters spec) {}

                @Override
                protected TrustManager[] engineGetTrustManagers() {
                    return new TrustManager[] {tm};
                }
            }, NO_PROVIDER, "SignetTls");
        }
    }
}

package dev.signet.ca.web;

import dev.signet.ca.config.Claims;
import dev.signet.ca.signer.IssuanceRequest;
import dev.signet.ca.signer.IssuedCertificate;
import dev.signet.ca.signer.Signer;
import dev.signet.pki.Crypto;
import dev.signet.pki.KeyType;
import dev.signet.pki.RenewalRule;
import dev.signet.pki.SubjectName;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CA's own HTTPS certificate fresh: issues one for the configured {@code dnsNames} through the signer (so it
 * is stored and audited like any other), and again once two thirds of its lifetime have passed, swapping it into the
 * running TLS listener without dropping connections. A failed renewal is logged and retried a minute later.
 *
 * <p>Thread-safe: issuance runs on the given scheduler; the key store is swapped by Jetty's reload.
 */
public final class ServerCertificateRotator implements AutoCloseable {
    static final String PROVISIONER = "signet-server";
    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificateRotator.class);
    private static final char[] STORE_PASSWORD = "signet".toCharArray();

    private final Signer signer;
    private final Claims claims;
    private final List<SubjectName> names;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile X509Certificate current;
    private volatile ScheduledFuture<?> next;

    public ServerCertificateRotator(Signer signer, Claims claims, List<String> dnsNames, Clock clock, ScheduledExecutorService scheduler) {
        this.signer = signer;
        this.claims = claims;
        this.names = SubjectName.parseAll(dnsNames);
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Issues the first certificate and returns a key store holding it with its chain. */
    public KeyStore initialKeyStore() {
        return issueKeyStore();
    }

    /** The certificate currently served. */
    public X509Certificate current() {
        return current;
    }

    /** Starts renewing into {@code ssl}. */
    public void start(SslContextFactory.Server ssl) {
        schedule(ssl, delayUntilRenewal());
    }

    /** Renews now, synchronously; used by the schedule and by tests. */
    public void renewNow(SslContextFactory.Server ssl) throws Exception {
        KeyStore ks = issueKeyStore();
        ssl.reload(f -> {
            f.setKeyStore(ks);
            f.setKeyStorePassword(new String(STORE_PASSWORD));
        });
        LOG.info("Renewed the server certificate serial={} notAfter={}", current.getSerialNumber(), current.getNotAfter().toInstant());
    }

    private void schedule(SslContextFactory.Server ssl, Duration delay) {
        next = scheduler.schedule(() -> {
            try {
                renewNow(ssl);
                schedule(ssl, delayUntilRenewal());
            } catch (Exception e) {
                LOG.error("Could not renew the server certificate; retrying in 1m: {}", e.getMessage());
                schedule(ssl, Duration.ofMinutes(1));
            }
        }, Math.max(delay.toMillis(), 1_000), TimeUnit.MILLISECONDS);
    }

    private Duration delayUntilRenewal() {
        Instant at = RenewalRule.twoThirds().renewAt(current);
        return Duration.between(clock.instant(), at);
    }

    private KeyStore issueKeyStore() {
        try {
            KeyPair pair = KeyType.EC_P256.generate();
            IssuedCertificate issued = signer.issue(new IssuanceRequest(csr(pair), PROVISIONER, claims,
                    null, null, null, Set.of(), false, List.of()));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("signet", pair.getPrivate(), STORE_PASSWORD, issued.chain().toArray(new Certificate[0]));
            current = issued.leaf();
            return ks;
        } catch (dev.signet.ca.error.CaException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the server key store.", e);
        }
    }

    private PKCS10CertificationRequest csr(KeyPair pair) {
        return dev.signet.pki.CertificationRequests.create(pair, names);
    }

    /** The password of the key stores this class builds (they never leave memory). */
    static String storePassword() {
        return new String(STORE_PASSWORD);
    }

    @Override
    public void close() {
        ScheduledFuture<?> f = next;
        if (f != null) f.cancel(false);
    }
}

package dev.signet.ca.ra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.signet.ca.audit.AuditLog;
import dev.signet.ca.config.Claims;
import dev.signet.ca.config.LimitsConfig;
import dev.signet.ca.config.ProfileConfig;
import dev.signet.ca.home.InitOptions;
import dev.signet.ca.signer.CaHierarchy;
import dev.signet.ca.signer.CaHierarchyFactory;
import dev.signet.ca.signer.Signer;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeAuthorization;
import dev.signet.ca.storage.AcmeChallenge;
import dev.signet.ca.storage.AcmeIdentifier;
import dev.signet.ca.storage.AcmeOrder;
import dev.signet.ca.storage.JdbcStorage;
import dev.signet.ca.testing.MutableClock;
import dev.signet.ca.va.ValidationAuthority;
import dev.signet.ca.va.ValidationSettings;
import dev.signet.pki.Crypto;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SubjectName;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A registration authority on real parts: SQLite in a temporary directory, a signer over a test CA, a validation
 * authority that fetches http-01 answers from a {@link ChallengeServer} on 127.0.0.1, and one {@link MutableClock}
 * shared by all of them. Orders name IP identifiers, so that validation reaches the loopback server.
 */
final class RaFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final String IP = "127.0.0.1";
    /** How long finalizations and validations hold their work in these tests. */
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static CaHierarchy ca;

    final MutableClock clock = new MutableClock(T0);
    final JdbcStorage storage;
    final Signer signer;
    final ChallengeServer http;
    final ValidationAuthority va;
    final AccountRegistry accounts;
    final AuthorizationRegistry authorizations;
    final OrderRegistry orders;
    final Revocations revocations;
    final RenewalInfoPolicy renewalInfo;
    private final AuditLog audit;

    /** A certificate issued through a finalized order, with the key its CSR carried. */
    record Issued(AcmeOrder order, KeyPair key, X509Certificate certificate) {
        byte[] der() {
            try {
                return certificate.getEncoded();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    RaFixture(Path dir) throws IOException {
        storage = JdbcStorage.openSqlite(dir.resolve("ra.db"));
        audit = new AuditLog(storage, clock, null);
        signer = new Signer(testCa(), audit, clock, new SimpleMeterRegistry());
        http = new ChallengeServer();
        va = new ValidationAuthority(new ValidationSettings(http.port(), 443, List.of(), Duration.ofSeconds(5)),
                new SimpleMeterRegistry());
        accounts = new AccountRegistry(storage, clock);
        authorizations = new AuthorizationRegistry(storage, va, LEASE, clock);
        orders = new OrderRegistry(storage, signer, authorizations, new RateLimiter(storage, clock), RaFixture::provisioner,
                LEASE, clock);
        revocations = new Revocations(storage, clock);
        renewalInfo = new RenewalInfoPolicy(storage, signer, clock);
    }

    /** One CA for the whole run: the hierarchy is only read, and its ten years cover every clock a test sets. */
    static synchronized CaHierarchy testCa() {
        if (ca == null) {
            ca = new CaHierarchyFactory(Clock.fixed(T0, ZoneOffset.UTC))
                    .create("RA Test", KeyType.EC_P256, InitOptions.TEN_YEARS, InitOptions.TEN_YEARS);
        }
        return ca;
    }

    /** An ACME provisioner named {@code name} with default claims, no profiles and default limits. */
    static AcmeProvisioner provisioner(String name) {
        return provisioner(name, Claims.DEFAULTS, Map.of(), null, LimitsConfig.DEFAULTS);
    }

    static AcmeProvisioner provisioner(String name, Claims claims, Map<String, ProfileConfig> profiles, String defaultProfile,
            LimitsConfig limits) {
        return new AcmeProvisioner(name, claims, false, null, profiles, defaultProfile, limits);
    }

    /** A new account of the provisioner, with a fresh P-256 key. */
    AcmeAccount account(AcmeProvisioner p) {
        try {
            var key = new ECKeyGenerator(Curve.P_256).generate();
            return accounts.create(p, key, new NewAccountRequest(List.of(), true, null, null),
                    "https://ca.example.com/acme/" + p.name() + "/new-account").account();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A newOrder payload naming IP addresses and nothing else. */
    static NewOrderRequest request(String... ips) {
        return new NewOrderRequest(Arrays.stream(ips).map(v -> new AcmeIdentifier("ip", v)).toList(), null, null, null, null);
    }

    /** The http-01 challenge of an authorization. */
    static AcmeChallenge http01(AcmeAuthorization a) {
        return a.challenges().stream().filter(c -> c.type().equals("http-01")).findFirst().orElseThrow();
    }

    /** The key authorization (RFC 8555 §8.1) the account must serve for a challenge. */
    static String keyAuthorization(AcmeAccount account, AcmeChallenge c) {
        return c.token() + "." + account.keyThumbprint();
    }

    /** Serves {@code body} for the authorization's http-01 token and tells the CA the challenge is ready. */
    AcmeAuthorization respond(AcmeAccount account, String authzId, String body) {
        AcmeChallenge c = http01(authorizations.find(account, authzId));
        http.serve(c.token(), body);
        return authorizations.respond(account, authzId, c.id());
    }

    /** Serves the right key authorization, responds, and waits for the outcome. */
    AcmeAuthorization validate(AcmeAccount account, String authzId) {
        AcmeChallenge c = http01(authorizations.find(account, authzId));
        respond(account, authzId, keyAuthorization(account, c));
        return awaitValidation(authzId);
    }

    /** Polls storage until no challenge of the authorization is processing any more (bounded). */
    AcmeAuthorization awaitValidation(String authzId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            AcmeAuthorization a = storage.findAuthorization(authzId).orElseThrow();
            if (a.challenges().stream().noneMatch(c -> c.status() == AcmeChallenge.Status.PROCESSING)) return a;
            if (System.nanoTime() > deadline) throw new AssertionError("The validation of " + authzId + " did not finish in " + WAIT + ".");
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Creates an order and validates each of its authorizations; returns it refreshed (ready). */
    AcmeOrder readyOrder(AcmeProvisioner p, AcmeAccount account, NewOrderRequest r) {
        AcmeOrder o = orders.create(p, account, r);
        for (String authzId : o.authorizationIds()) validate(account, authzId);
        return orders.refresh(storage.findOrder(o.id()).orElseThrow());
    }

    /** The whole flow: order, validation, finalization with a CSR for a fresh key naming the order's identifiers. */
    Issued issue(AcmeProvisioner p, AcmeAccount account, NewOrderRequest r) {
        AcmeOrder ready = readyOrder(p, account, r);
        KeyPair key = KeyType.EC_P256.generate();
        String[] names = ready.identifiers().stream().map(AcmeIdentifier::value).toArray(String[]::new);
        AcmeOrder valid = orders.finalizeOrder(p, account, ready.id(), csr(key, names));
        X509Certificate cert = Pem.toX509(storage.findCertificate(valid.certificateSerial()).orElseThrow().der());
        return new Issued(valid, key, cert);
    }

    /** A DER PKCS#10 request for {@code key} with an empty subject and the names as SANs (IP or DNS). */
    static byte[] csr(KeyPair key, String... names) {
        GeneralName[] sans = Arrays.stream(names).map(n -> new GeneralName(
                SubjectName.parse(n).type() == SubjectName.Type.IP ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        try {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(new RDN[0]), key.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Crypto.BC).build(key.getPrivate()))
                    .getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        va.close();
        http.close();
        audit.close();
        storage.close();
    }
}

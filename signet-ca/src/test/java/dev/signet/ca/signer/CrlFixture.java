package dev.signet.ca.signer;

import dev.signet.ca.audit.AuditLog;
import dev.signet.ca.config.Claims;
import dev.signet.ca.home.InitOptions;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.JdbcStorage;
import dev.signet.ca.testing.MutableClock;
import dev.signet.pki.KeyType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * A CA with a real SQLite database for the CRL tests: one manual clock, a signer that issues real certificates, and
 * revocation straight through storage (as the revocation code does).
 */
final class CrlFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Map<KeyType, CaHierarchy> CAS = new EnumMap<>(KeyType.class);
    private static final KeyPair LEAF_KEY = KeyType.EC_P256.generate();

    final MutableClock clock = new MutableClock(T0);
    final Path database;
    final CaHierarchy ca;
    final JdbcStorage storage;
    private final AuditLog audit;
    private final Signer signer;

    CrlFixture(Path dir, KeyType caKey) {
        database = dir.resolve("crl.db");
        ca = ca(caKey);
        storage = JdbcStorage.openSqlite(database);
        audit = new AuditLog(storage, clock, null);
        signer = new Signer(ca, audit, clock, new SimpleMeterRegistry());
    }

    /** One hierarchy per key type for the whole run: it is only read, and its ten years cover every clock set here. */
    static synchronized CaHierarchy ca(KeyType type) {
        return CAS.computeIfAbsent(type, t -> new CaHierarchyFactory(Clock.fixed(T0, ZoneOffset.UTC))
                .create("CRL Test " + t.name(), t, InitOptions.TEN_YEARS, InitOptions.TEN_YEARS));
    }

    /** Issues a certificate for {@code name} valid for {@code lifetime} from now. */
    X509Certificate issue(String name, Duration lifetime) {
        var csr = Csrs.csr(LEAF_KEY, null, List.of(new GeneralName(GeneralName.dNSName, name)));
        return signer.issue(new IssuanceRequest(csr, "acme", Claims.DEFAULTS, null, null, lifetime, Set.of(), false, List.of()))
                .leaf();
    }

    /** Revokes a certificate now, through {@code on} (this instance's storage or another's). */
    static void revoke(JdbcStorage on, Instant at, BigInteger serial, int reason) {
        if (!on.revokeCertificate(serial, reason, at, new AuditEvent(at, "test", "certificate.revoke", serial.toString(),
                "success", "reason=" + reason))) {
            throw new IllegalStateException("The certificate " + serial + " was not revocable.");
        }
    }

    void revoke(X509Certificate cert, int reason) {
        revoke(storage, clock.instant(), cert.getSerialNumber(), reason);
    }

    @Override
    public void close() {
        audit.close();
        storage.close();
    }
}

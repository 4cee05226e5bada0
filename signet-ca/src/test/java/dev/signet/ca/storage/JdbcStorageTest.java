package dev.signet.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.signet.ca.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class JdbcStorageTest {
    @Parameter
    TestDatabase.Kind kind;

    private TestDatabase database;

    private static final Instant T = Instant.parse("2026-03-01T12:00:00.123Z");

    @TempDir
    Path dir;

    private JdbcStorage storage;

    @BeforeEach
    void open() {
        database = TestDatabase.create(kind, dir);
        storage = database.open();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private CertificateRecord record(BigInteger serial) {
        return new CertificateRecord(serial, "acme", "", List.of("app.example.com", "10.0.0.1"), T, T.plus(24, ChronoUnit.HOURS),
                CertificateRecord.Status.VALID, null, null, new byte[] {0x30, 0x03, 0x02, 0x01, (byte) serial.intValue()});
    }

    private static AuditEvent event(String action, String target) {
        return new AuditEvent(T, "provisioner:acme", action, target, "success", "detail of " + target);
    }

    @Test
    void migrationsCreateTheSchemaOnAFreshDatabase() throws Exception {
        if (kind == TestDatabase.Kind.SQLITE) assertThat(dir.resolve("db/signet.db")).exists();
        Set<String> tables = new HashSet<>();
        String list = kind == TestDatabase.Kind.SQLITE ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'";
        Set<Integer> versions = new HashSet<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(list)) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = " + (kind == TestDatabase.Kind.SQLITE ? "1" : "true"))) {
                while (rs.next()) versions.add(Integer.parseInt(rs.getString(1)));
            }
        }
        assertThat(tables).containsExactlyInAnyOrder("certificates", "audit_events", "flyway_schema_history", "acme_nonces", "ca_instances",
                "acme_accounts", "acme_eab_keys", "acme_orders", "acme_authorizations", "acme_challenges", "used_tokens",
                "crl_state", "managed_provisioners", "provisioner_state");
        assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(storage.countCertificates()).isZero();
        assertThat(storage.recentAuditEvents(10)).isEmpty();
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsData() {
        storage.insertCertificate(record(BigInteger.valueOf(7)), event("certificate.issue", "7"));
        storage.close();

        storage = database.open();
        assertThat(storage.findCertificate(BigInteger.valueOf(7))).isPresent();
        assertThat(storage.countCertificates()).isEqualTo(1);
    }

    @Test
    void insertThenFindRoundTrips() {
        BigInteger serial = new BigInteger("1234567890123456789012345678901234567890");
        CertificateRecord r = record(serial);
        storage.insertCertificate(r, event("certificate.issue", serial.toString()));

        assertThat(storage.findCertificate(serial)).get().usingRecursiveComparison().isEqualTo(r);
        assertThat(storage.findCertificate(serial.add(BigInteger.ONE))).isEmpty();
        assertThat(storage.countCertificates()).isEqualTo(1);
        assertThat(storage.recentAuditEvents(10)).containsExactly(event("certificate.issue", serial.toString()));
    }

    @Test
    void revokedRecordKeepsRevocationFields() {
        CertificateRecord r = new CertificateRecord(BigInteger.TWO, "acme", "CN=x", List.of(), T, T.plusSeconds(60),
                CertificateRecord.Status.REVOKED, T.plusSeconds(30), 1, new byte[] {1, 2, 3});
        storage.insertCertificate(r, event("certificate.issue", "2"));

        assertThat(storage.findCertificate(BigInteger.TWO)).get().usingRecursiveComparison().isEqualTo(r);
    }

    @Test
    void duplicateSerialIsReportedAndItsAuditRowRolledBack() {
        BigInteger serial = BigInteger.valueOf(42);
        storage.insertCertificate(record(serial), event("certificate.issue", "first"));

        assertThatThrownBy(() -> storage.insertCertificate(record(serial), event("certificate.issue", "second")))
                .isInstanceOf(DuplicateSerialException.class)
                .hasMessage("A certificate with serial 42 is already stored.");

        assertThat(storage.recentAuditEvents(10)).extracting(AuditEvent::target).containsExactly("first");
        assertThat(storage.countCertificates()).isEqualTo(1);
        // the connection that failed went back to the pool in a usable state
        storage.insertCertificate(record(BigInteger.valueOf(43)), event("certificate.issue", "third"));
        assertThat(storage.recentAuditEvents(10)).extracting(AuditEvent::target).containsExactly("third", "first");
    }

    /** {@link #record} with another provisioner, expiry (hours after {@link #T}) and status. */
    private CertificateRecord record(long serial, String provisioner, long expiresInHours, CertificateRecord.Status status) {
        CertificateRecord base = record(BigInteger.valueOf(serial));
        boolean revoked = status == CertificateRecord.Status.REVOKED;
        return new CertificateRecord(base.serial(), provisioner, base.subject(), base.sans(), base.notBefore(),
                T.plus(expiresInHours, ChronoUnit.HOURS), status, revoked ? T.plusSeconds(60) : null, revoked ? 4 : null, base.der());
    }

    @Test
    void listCertificatesFiltersByProvisionerStateAndExpiryInNotAfterThenSerialOrder() {
        Instant now = T.plus(10, ChronoUnit.HOURS);
        List<CertificateRecord> stored = List.of(
                record(1, "acme", 9, CertificateRecord.Status.VALID),      // expired
                record(2, "node", 10, CertificateRecord.Status.VALID),     // expires exactly now: expired
                record(9, "acme", 12, CertificateRecord.Status.VALID),
                record(10, "node", 12, CertificateRecord.Status.VALID),    // same expiry as 9: numeric order, not "10" < "9"
                record(5, "acme", 30, CertificateRecord.Status.REVOKED),
                record(6, "acme", 8, CertificateRecord.Status.REVOKED));   // revoked and expired: revoked
        for (CertificateRecord r : stored) storage.insertCertificate(r, event("certificate.issue", r.serial().toString()));

        assertThat(storage.listCertificates(CertificateQuery.all(100))).extracting(r -> r.serial().intValue())
                .containsExactly(6, 1, 2, 9, 10, 5);
        assertThat(storage.listCertificates(CertificateQuery.all(100)).get(0)).usingRecursiveComparison().isEqualTo(stored.get(5));
        assertThat(storage.listCertificates(CertificateQuery.all(2))).extracting(r -> r.serial().intValue()).containsExactly(6, 1);
        assertThat(list(new CertificateQuery("node", null, null, null, null, 100))).containsExactly(2, 10);
        assertThat(list(new CertificateQuery(null, CertificateQuery.State.VALID, null, null, now, 100))).containsExactly(9, 10);
        assertThat(list(new CertificateQuery(null, CertificateQuery.State.EXPIRED, null, null, now, 100))).containsExactly(1, 2);
        assertThat(list(new CertificateQuery(null, CertificateQuery.State.REVOKED, null, null, now, 100))).containsExactly(6, 5);
        assertThat(list(new CertificateQuery(null, null, now, now.plus(24, ChronoUnit.HOURS), now, 100))).containsExactly(9, 10, 5);
        assertThat(list(new CertificateQuery(null, null, now, now.plus(2, ChronoUnit.HOURS), now, 100)))
                .as("the upper bound is inclusive").containsExactly(9, 10);
        assertThat(list(new CertificateQuery("acme", CertificateQuery.State.VALID, now, now.plus(24, ChronoUnit.HOURS), now, 100)))
                .containsExactly(9);
        assertThat(list(new CertificateQuery("nobody", null, null, null, null, 100))).isEmpty();
        assertThat(stored).extracting(r -> CertificateQuery.stateOf(r, now)).containsExactly(CertificateQuery.State.EXPIRED,
                CertificateQuery.State.EXPIRED, CertificateQuery.State.VALID, CertificateQuery.State.VALID,
                CertificateQuery.State.REVOKED, CertificateQuery.State.REVOKED);
    }

    private List<Integer> list(CertificateQuery query) {
        return storage.listCertificates(query).stream().map(r -> r.serial().intValue()).toList();
    }

    @Test
    void auditEventsComeBackNewestFirstUpToTheLimit() {
        for (int i = 1; i <= 5; i++) {
            storage.appendAudit(new AuditEvent(T.plusSeconds(i), "ca", "ca.start", "", "success", "n=" + i));
        }
        assertThat(storage.recentAuditEvents(3)).extracting(AuditEvent::detail).containsExactly("n=5", "n=4", "n=3");
        assertThat(storage.recentAuditEvents(10)).hasSize(5)
                .first().isEqualTo(new AuditEvent(T.plusSeconds(5), "ca", "ca.start", "", "success", "n=5"));
    }

    @Test
    void pingAnswersUntilClosed() {
        storage.ping();
        storage.close();

        assertThatThrownBy(() -> storage.ping())
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAVAILABLE))
                .hasMessage("The database is closed.");
        assertThatThrownBy(() -> storage.findCertificate(BigInteger.ONE))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAVAILABLE))
                .hasMessageStartingWith("The database could not read certificate 1: ");
    }

    @Test
    void unopenableDatabaseIsUnavailable() throws Exception {
        if (kind == TestDatabase.Kind.POSTGRESQL) {
            // nothing listens on port 1: the pool gives up after its connection timeout
            assertThatThrownBy(() -> JdbcStorage.openPostgresql("jdbc:postgresql://127.0.0.1:1/signet?user=signet&password=secret", "pw".toCharArray(), 2))
                    .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAVAILABLE))
                    .hasMessageStartingWith("The database jdbc:postgresql://127.0.0.1:1/signet?user=signet&password=*** could not be opened or migrated: ")
                    .message().doesNotContain("secret").doesNotContain("pw");
            return;
        }
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        assertThatThrownBy(() -> JdbcStorage.openSqlite(notADir.resolve("signet.db")))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAVAILABLE))
                .hasMessageStartingWith("The database directory for " + notADir.resolve("signet.db") + " cannot be created: ");
    }

    @Test
    void concurrentInsertsFromEightThreadsAreAllStored() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        BigInteger serial = BigInteger.valueOf(thread * 1_000L + i);
                        storage.insertCertificate(record(serial), event("certificate.issue", serial.toString()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(storage.countCertificates()).isEqualTo(threads * perThread);
        assertThat(storage.recentAuditEvents(1_000)).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(storage.findCertificate(BigInteger.valueOf(t * 1_000L + i))).isPresent();
            }
        }
    }

    @Test
    void auditEventsArePublishedOnceCommittedAndNeverWhenRolledBack() {
        List<AuditEvent> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        storage.publishAuditTo(published::add);
        storage.insertCertificate(record(BigInteger.valueOf(50)), event("certificate.issue", "50"));
        storage.appendAudit(event("ca.start", ""));
        assertThatThrownBy(() -> storage.insertCertificate(record(BigInteger.valueOf(50)), event("certificate.issue", "dup")))
                .isInstanceOf(DuplicateSerialException.class);
        assertThat(storage.putProvisioner("p1", "{}", true, Instant.now(), event("admin.provisioner.add", "provisioner:p1"))).isTrue();
        assertThat(storage.putProvisioner("p1", "{}", true, Instant.now(), event("admin.provisioner.add", "again"))).isFalse();
        assertThat(published).extracting(e -> e.action() + " " + e.target())
                .containsExactly("certificate.issue 50", "ca.start ", "admin.provisioner.add provisioner:p1");
        assertThat(storage.recentAuditEvents(10)).extracting(e -> e.action() + " " + e.target())
                .containsExactlyInAnyOrder("certificate.issue 50", "ca.start ", "admin.provisioner.add provisioner:p1");
    }
}

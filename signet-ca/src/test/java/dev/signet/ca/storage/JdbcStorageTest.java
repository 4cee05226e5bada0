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
        assertThat(tables).containsExactlyInAnyOrder("certificates", "audit_events", "flyway_schema_history", "acme_nonces",
                "acme_accounts", "acme_eab_keys", "acme_orders", "acme_authorizations", "acme_challenges", "used_tokens",
                "crl_state", "managed_provisioners", "provisioner_state");
        assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
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
}

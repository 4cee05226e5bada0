package dev.signet.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

/** One-time token use, CRL numbers and the revoked-certificate listing over real SQLite and PostgreSQL databases. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class JdbcTokenAndCrlStorageTest {
    @Parameter
    TestDatabase.Kind kind;

    private TestDatabase database;

    private static final Instant T = Instant.parse("2026-05-01T00:00:00Z");

    @TempDir Path dir;
    JdbcStorage storage;

    @BeforeEach
    void open() {
        database = TestDatabase.create(kind, dir);
        storage = database.open();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aTokenIsUsableOncePerProvisionerEvenAfterReopening() {
        assertThat(storage.useToken("jwk", "jti-1", T.plusSeconds(300), T)).isTrue();
        assertThat(storage.useToken("jwk", "jti-1", T.plusSeconds(300), T.plusSeconds(1))).isFalse();
        assertThat(storage.useToken("other", "jti-1", T.plusSeconds(300), T)).as("another provisioner's jti").isTrue();
        storage.close();
        storage = database.open();
        assertThat(storage.useToken("jwk", "jti-1", T.plusSeconds(300), T.plusSeconds(2))).isFalse();
    }

    @Test
    void rowsOfExpiredTokensAreDroppedAsNewOnesArrive() {
        assertThat(storage.useToken("jwk", "old", T.plusSeconds(60), T)).isTrue();
        // an hour after "old" expired (a margin for instances whose clocks differ) its row may go; a token with that
        // jti would be refused for being expired anyway
        assertThat(storage.useToken("jwk", "new", T.plusSeconds(9000), T.plusSeconds(3000))).isTrue();
        assertThat(storage.useToken("jwk", "old", T.plusSeconds(9000), T.plusSeconds(3001))).as("still kept within the margin").isFalse();
        assertThat(storage.useToken("jwk", "newer", T.plusSeconds(9000), T.plusSeconds(3700))).isTrue();
        assertThat(storage.useToken("jwk", "old", T.plusSeconds(9000), T.plusSeconds(3701))).isTrue();
    }

    @Test
    void concurrentUsesOfOneTokenSucceedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> uses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                uses.add(pool.submit(() -> {
                    go.await();
                    return storage.useToken("jwk", "race", T.plusSeconds(300), T);
                }));
            }
            go.countDown();
            int successes = 0;
            for (Future<Boolean> f : uses) if (f.get(10, TimeUnit.SECONDS)) successes++;
            assertThat(successes).isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void crlNumbersOnlyGrowAcrossReopening() {
        assertThat(storage.nextCrlNumber()).isEqualTo(1);
        assertThat(storage.nextCrlNumber()).isEqualTo(2);
        storage.close();
        storage = database.open();
        assertThat(storage.nextCrlNumber()).isEqualTo(3);
    }

    @Test
    void twoInstancesDrawingCrlNumbersAtOnceNeverShareOneAndEachSeesThemGrow() throws Exception {
        int perInstance = 40;
        try (JdbcStorage other = database.open()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<List<Long>>> draws = new ArrayList<>();
                for (JdbcStorage instance : List.of(storage, other)) {
                    draws.add(pool.submit(() -> {
                        go.await();
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < perInstance; i++) mine.add(instance.nextCrlNumber());
                        return mine;
                    }));
                }
                go.countDown();
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> d : draws) {
                    List<Long> mine = d.get(60, TimeUnit.SECONDS);
                    assertThat(mine).isSorted().doesNotHaveDuplicates();
                    all.addAll(mine);
                }
                assertThat(all).doesNotHaveDuplicates().hasSize(2 * perInstance)
                        .allSatisfy(n -> assertThat(n).isBetween(1L, 2L * perInstance));
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(storage.nextCrlNumber()).isEqualTo(2L * perInstance + 1);
    }

    @Test
    void revokedCertificatesListsOnlyRevokedOnesNotYetExpired() {
        store(1, T.plus(Duration.ofHours(24)));
        store(2, T.plus(Duration.ofHours(24)));
        store(3, T.plus(Duration.ofHours(1)));
        storage.revokeCertificate(BigInteger.valueOf(2), 1, T.plusSeconds(10), event("2"));
        storage.revokeCertificate(BigInteger.valueOf(3), 4, T.plusSeconds(5), event("3"));

        assertThat(storage.revokedCertificates(T)).containsExactly(
                new RevokedCertificate(BigInteger.valueOf(3), T.plusSeconds(5), 4),
                new RevokedCertificate(BigInteger.valueOf(2), T.plusSeconds(10), 1));
        assertThat(storage.revokedCertificates(T.plus(Duration.ofHours(2))))
                .containsExactly(new RevokedCertificate(BigInteger.valueOf(2), T.plusSeconds(10), 1));
    }

    @Test
    void revokedCertificatesStreamPastOneFetchInOrderWhileWritersCommit() {
        int rows = Jdbc.STREAM_FETCH_SIZE + 201;
        List<RevokedCertificate> stored = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            BigInteger serial = BigInteger.valueOf(1_000 + i);
            Instant revokedAt = T.plusSeconds(rows - i); // stored newest first, read oldest first
            storage.insertCertificate(new CertificateRecord(serial, "jwk", "", List.of("r" + i + ".example.com"), T,
                    T.plus(Duration.ofDays(1)), CertificateRecord.Status.REVOKED, revokedAt, i % 3, new byte[] {1}),
                    event("r" + i));
            stored.add(new RevokedCertificate(serial, revokedAt, i % 3));
        }
        stored.sort(java.util.Comparator.comparing(RevokedCertificate::revokedAt));

        List<RevokedCertificate> read = storage.readRevokedCertificates(T, all -> {
            List<RevokedCertificate> out = new ArrayList<>();
            java.util.Iterator<RevokedCertificate> it = all.iterator();
            out.add(it.next());
            // a write commits while the cursor is open (SQLite reads take no lock; PostgreSQL's read transaction none
            // that blocks an insert)
            store(99, T.plus(Duration.ofDays(1)));
            it.forEachRemaining(out::add);
            org.assertj.core.api.Assertions.assertThatThrownBy(all::iterator).isInstanceOf(IllegalStateException.class)
                    .hasMessage("The rows of a streamed query can be iterated only once.");
            return out;
        });

        assertThat(read).containsExactlyElementsOf(stored);
        assertThat(storage.findCertificate(BigInteger.valueOf(99))).as("the write made during the read").isPresent();
        assertThat(storage.revokedCertificates(T)).as("the connection serves the next read").hasSize(rows);
    }

    private void store(long serial, Instant notAfter) {
        storage.insertCertificate(new CertificateRecord(BigInteger.valueOf(serial), "jwk", "", List.of("n" + serial + ".example.com"),
                T, notAfter, CertificateRecord.Status.VALID, null, null, new byte[] {1}), event(Long.toString(serial)));
    }

    private static AuditEvent event(String target) {
        return new AuditEvent(T, "test", "test", target, "success", "");
    }
}

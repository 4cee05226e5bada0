package dev.signet.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.error.Problem;
import dev.signet.ca.error.ProblemDetail;
import dev.signet.ca.testing.TestDatabase;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Holds on orders being finalized and challenges being validated, over real SQLite and PostgreSQL databases. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class JdbcLeaseStorageTest {
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final byte[] CSR = {0x30, 0x01, 0x00};

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private JdbcStorage storage;

    @BeforeEach
    void open() {
        storage = TestDatabase.create(kind, dir).open();
        AcmeAccount account = new AcmeAccount("acct", "acme", "thumb", "{}", AcmeAccount.Status.VALID, List.of(), true, null, T);
        storage.insertAccount(account, null, new AuditEvent(T, "a", "account.create", "acct", "success", ""));
        AcmeIdentifier app = new AcmeIdentifier("dns", "app.example.com");
        AcmeAuthorization authz = new AcmeAuthorization("authz", "acct", "order", app, false, AcmeAuthorization.Status.PENDING,
                T.plus(Duration.ofDays(1)), List.of(new AcmeChallenge("chall", "authz", "http-01", "tok",
                        AcmeChallenge.Status.PENDING, null, null)));
        storage.insertOrder(new AcmeOrder("order", "acct", "acme", AcmeOrder.Status.PENDING, T.plus(Duration.ofDays(1)),
                List.of(app), null, null, null, null, null, null, List.of("authz"), T), List.of(authz));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private Finalization startedFinalization() {
        assertThat(storage.updateOrderStatus("order", AcmeOrder.Status.PENDING, AcmeOrder.Status.READY, null, null)).isTrue();
        Finalization hold = new Finalization("order", "first", T.plus(LEASE), CSR);
        assertThat(storage.startFinalization(hold)).isTrue();
        return hold;
    }

    private static CertificateRecord certificate(long serial) {
        return new CertificateRecord(BigInteger.valueOf(serial), "acme", "", List.of("app.example.com"), T, T.plus(Duration.ofHours(24)),
                CertificateRecord.Status.VALID, null, null, new byte[] {1});
    }

    private static AuditEvent issued(long serial) {
        return new AuditEvent(T, "provisioner:acme", "certificate.issue", Long.toString(serial), "success", "");
    }

    @Test
    void onlyAReadyOrderStartsFinalizingAndOnlyOnce() {
        Finalization hold = new Finalization("order", "first", T.plus(LEASE), CSR);
        assertThat(storage.startFinalization(hold)).as("pending").isFalse();
        startedFinalization();
        assertThat(storage.startFinalization(new Finalization("order", "second", T.plus(LEASE), CSR))).as("processing").isFalse();
        assertThat(storage.findOrder("order").orElseThrow().status()).isEqualTo(AcmeOrder.Status.PROCESSING);
    }

    @Test
    void aLiveHoldCannotBeTakenOverAndALapsedOneOnlyOnce() {
        startedFinalization();
        assertThat(storage.lapsedFinalizations(T.plus(LEASE).minusMillis(1), 10)).isEmpty();
        assertThat(storage.takeOverFinalization("order", "second", T.plus(LEASE).minusMillis(1), T.plus(LEASE.multipliedBy(2)))).isEmpty();

        assertThat(storage.lapsedFinalizations(T.plus(LEASE), 10)).containsExactly("order");
        Finalization second = storage.takeOverFinalization("order", "second", T.plus(LEASE), T.plus(LEASE.multipliedBy(2))).orElseThrow();
        assertThat(second.token()).isEqualTo("second");
        assertThat(second.csr()).isEqualTo(CSR);
        assertThat(storage.takeOverFinalization("order", "third", T.plus(LEASE), T.plus(LEASE.multipliedBy(2)))).isEmpty();
        assertThat(storage.lapsedFinalizations(T.plus(LEASE), 10)).isEmpty();
    }

    @Test
    void ofManyInstancesTakingOverAtOnceExactlyOneWins() throws Exception {
        startedFinalization();
        int takers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < takers; i++) {
                String token = "taker-" + i;
                Callable<Boolean> take = () -> {
                    go.await();
                    return storage.takeOverFinalization("order", token, T.plus(LEASE), T.plus(LEASE.multipliedBy(2))).isPresent();
                };
                results.add(pool.submit(take));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> r : results) if (r.get(30, TimeUnit.SECONDS)) won++;
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCertificateCompletesTheOrderOnlyUnderTheCurrentHold() {
        Finalization first = startedFinalization();
        Finalization second = storage.takeOverFinalization("order", "second", T.plus(LEASE), T.plus(LEASE.multipliedBy(2))).orElseThrow();

        assertThatThrownBy(() -> storage.insertCertificate(certificate(1), issued(1), first))
                .isInstanceOf(FinalizationLostException.class)
                .hasMessage("The order order is no longer being finalized under this hold; another instance took it over or it ended.");
        assertThat(storage.findCertificate(BigInteger.ONE)).as("rolled back with the order update").isEmpty();
        assertThat(storage.recentAuditEvents(10)).extracting(AuditEvent::action).containsExactly("account.create");

        storage.insertCertificate(certificate(2), issued(2), second);
        AcmeOrder done = storage.findOrder("order").orElseThrow();
        assertThat(done.status()).isEqualTo(AcmeOrder.Status.VALID);
        assertThat(done.certificateSerial()).isEqualTo(BigInteger.TWO);
        assertThat(storage.findOrderByCertificate(BigInteger.TWO)).get().extracting(AcmeOrder::id).isEqualTo("order");
        assertThat(storage.lapsedFinalizations(T.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void onlyTheCurrentHolderFailsTheOrder() {
        Finalization first = startedFinalization();
        Finalization second = storage.takeOverFinalization("order", "second", T.plus(LEASE), T.plus(LEASE.multipliedBy(2))).orElseThrow();
        ProblemDetail why = new ProblemDetail(Problem.BAD_CSR, "The key is too weak.");

        assertThat(storage.failFinalization(first, why)).isFalse();
        assertThat(storage.findOrder("order").orElseThrow().status()).isEqualTo(AcmeOrder.Status.PROCESSING);
        assertThat(storage.failFinalization(second, why)).isTrue();
        AcmeOrder failed = storage.findOrder("order").orElseThrow();
        assertThat(failed.status()).isEqualTo(AcmeOrder.Status.INVALID);
        assertThat(failed.error()).isEqualTo(why);
    }

    @Test
    void anOrderMadeProcessingWithoutAHoldCountsAsLapsed() {
        // orders left processing by a version without holds have no deadline and no CSR
        storage.updateOrderStatus("order", AcmeOrder.Status.PENDING, AcmeOrder.Status.PROCESSING, null, null);
        assertThat(storage.lapsedFinalizations(T, 10)).containsExactly("order");
        Finalization taken = storage.takeOverFinalization("order", "new", T, T.plus(LEASE)).orElseThrow();
        assertThat(taken.csr()).isNull();
    }

    @Test
    void aValidationIsHeldUntilItsDeadlineAndThenTakenOverOnce() {
        assertThat(storage.startValidation("chall", T.plus(LEASE))).isTrue();
        assertThat(storage.startValidation("chall", T.plus(LEASE))).as("already processing").isFalse();
        assertThat(storage.authorizationsWithLapsedValidations(T.plus(LEASE).minusMillis(1))).isEmpty();
        assertThat(storage.takeOverValidation("chall", T.plus(LEASE).minusMillis(1), T.plus(LEASE.multipliedBy(2)))).isFalse();

        assertThat(storage.authorizationsWithLapsedValidations(T.plus(LEASE))).containsExactly("authz");
        assertThat(storage.takeOverValidation("chall", T.plus(LEASE), T.plus(LEASE.multipliedBy(2)))).isTrue();
        assertThat(storage.takeOverValidation("chall", T.plus(LEASE), T.plus(LEASE.multipliedBy(2)))).isFalse();
        assertThat(storage.authorizationsWithLapsedValidations(T.plus(LEASE))).isEmpty();

        assertThat(storage.recordValidation("chall", true, T.plus(LEASE), null)).isTrue();
        assertThat(storage.takeOverValidation("chall", T.plus(Duration.ofDays(1)), T.plus(Duration.ofDays(2)))).as("validated").isFalse();
        assertThat(storage.authorizationsWithLapsedValidations(T.plus(Duration.ofDays(1)))).isEmpty();
    }
}

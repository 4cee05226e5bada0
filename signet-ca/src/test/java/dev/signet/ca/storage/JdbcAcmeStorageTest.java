package dev.signet.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.error.Problem;
import dev.signet.ca.error.ProblemDetail;
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
import java.util.stream.Stream;
import dev.signet.ca.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ACME half of {@link JdbcStorage}, against a real SQLite file and a real PostgreSQL server. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class JdbcAcmeStorageTest {
    @Parameter
    TestDatabase.Kind kind;

    private TestDatabase database;

    private static final Instant T = Instant.parse("2026-03-01T12:00:00.123Z");
    private static final AcmeIdentifier APP = new AcmeIdentifier("dns", "app.example.com");
    private static final AcmeIdentifier IP = new AcmeIdentifier("ip", "10.0.0.1");

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

    private void reopen() {
        storage.close();
        storage = database.open();
    }

    private static AuditEvent event(String action, String target) {
        return new AuditEvent(T, "provisioner:acme", action, target, "success", "");
    }

    private static AcmeAccount account(String id, String thumbprint) {
        return new AcmeAccount(id, "acme", thumbprint, "{\"kty\":\"OKP\",\"x\":\"" + thumbprint + "\"}",
                AcmeAccount.Status.VALID, List.of("mailto:ops@example.com"), true, null, T);
    }

    private AcmeAccount storedAccount(String id) {
        AcmeAccount a = account(id, "thumb-" + id);
        assertThat(storage.insertAccount(a, null, event("account.create", id))).isTrue();
        return a;
    }

    private static AcmeChallenge challenge(String id, String authorizationId, String type) {
        return new AcmeChallenge(id, authorizationId, type, "token-" + id, AcmeChallenge.Status.PENDING, null, null);
    }

    private static AcmeAuthorization authorization(String id, String accountId, String orderId, AcmeIdentifier identifier) {
        return new AcmeAuthorization(id, accountId, orderId, identifier, false, AcmeAuthorization.Status.PENDING,
                T.plus(Duration.ofDays(7)), List.of(challenge(id + "-http", id, "http-01"), challenge(id + "-dns", id, "dns-01"),
                        challenge(id + "-alpn", id, "tls-alpn-01")));
    }

    private static AcmeOrder order(String id, String accountId, Instant createdAt, List<String> authorizationIds) {
        return new AcmeOrder(id, accountId, "acme", AcmeOrder.Status.PENDING, createdAt.plus(Duration.ofDays(7)),
                List.of(APP), null, null, null, null, null, null, authorizationIds, createdAt);
    }

    /** Stores an order of one authorization {@code <id>-authz} for {@code identifier}. */
    private AcmeOrder storedOrder(String id, String accountId, Instant createdAt, AcmeIdentifier identifier) {
        AcmeOrder o = order(id, accountId, createdAt, List.of(id + "-authz"));
        storage.insertOrder(o, List.of(authorization(id + "-authz", accountId, id, identifier)));
        return o;
    }

    private List<String> auditedActions() {
        return storage.recentAuditEvents(100).stream().map(AuditEvent::action).toList();
    }

    // ---- nonces ----

    @Test
    void aNonceIsUsableExactlyOnce() {
        storage.insertNonce("n1", T.plusSeconds(60));

        assertThat(storage.consumeNonce("n1", T)).isTrue();
        assertThat(storage.consumeNonce("n1", T)).isFalse();
        assertThat(storage.consumeNonce("never-issued", T)).isFalse();
    }

    @Test
    void anExpiredNonceIsRejected() {
        storage.insertNonce("n1", T.plusSeconds(60));

        assertThat(storage.consumeNonce("n1", T.plusSeconds(60))).isFalse();
        assertThat(storage.consumeNonce("n1", T.plusSeconds(59))).isTrue();
    }

    @Test
    void purgeDeletesOnlyExpiredNonces() {
        storage.insertNonce("old1", T.minusSeconds(2));
        storage.insertNonce("old2", T.minusSeconds(1));
        storage.insertNonce("unusable-now", T); // consumeNonce at T already rejects it
        storage.insertNonce("fresh", T.plusSeconds(60));

        assertThat(storage.purgeExpiredNonces(T)).isEqualTo(3);
        assertThat(storage.purgeExpiredNonces(T)).isZero();
        assertThat(storage.consumeNonce("fresh", T)).isTrue();
    }

    @Test
    void eightThreadsConsumingOneNonceSucceedExactlyOnce() throws Exception {
        int threads = 8;
        for (int round = 0; round < 5; round++) {
            String nonce = "contended-" + round;
            storage.insertNonce(nonce, T.plusSeconds(60));
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        ready.countDown();
                        start.await();
                        return storage.consumeNonce(nonce, T);
                    }));
                }
                assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
                start.countDown();
                int successes = 0;
                for (Future<Boolean> f : results) {
                    if (f.get(60, TimeUnit.SECONDS)) successes++;
                }
                assertThat(successes).as("round %d", round).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ---- accounts ----

    @Test
    void accountRoundTripsByIdAndThumbprint() {
        AcmeAccount a = storedAccount("acct1");

        assertThat(storage.findAccount("acct1")).contains(a);
        assertThat(storage.findAccountByThumbprint("acme", "thumb-acct1")).contains(a);
        assertThat(storage.findAccountByThumbprint("other-provisioner", "thumb-acct1")).isEmpty();
        assertThat(storage.findAccount("nope")).isEmpty();
        assertThat(storage.recentAuditEvents(10)).containsExactly(event("account.create", "acct1"));
    }

    @Test
    void aSecondAccountWithTheSameKeyIsADuplicateAndNotAudited() {
        storedAccount("acct1");

        assertThatThrownBy(() -> storage.insertAccount(account("acct2", "thumb-acct1"), null, event("account.create", "acct2")))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessage("The account key thumb-acct1 is already in use.");
        assertThat(storage.findAccount("acct2")).isEmpty();
        assertThat(storage.recentAuditEvents(10)).extracting(AuditEvent::target).containsExactly("acct1");
        // the same key under another provisioner is another account
        AcmeAccount other = new AcmeAccount("acct3", "other", "thumb-acct1", "{}", AcmeAccount.Status.VALID, List.of(),
                false, null, T);
        assertThat(storage.insertAccount(other, null, event("account.create", "acct3"))).isTrue();
    }

    @Test
    void anEabKeyBindsExactlyOneAccount() {
        EabKey key = new EabKey("kid1", "acme", "team a", new byte[] {1, 2, 3}, T, null, null);
        storage.insertEabKey(key, event("eab.create", "kid1"));
        AcmeAccount first = account("acct1", "thumb1");

        assertThat(storage.insertAccount(first, "kid1", event("account.create", "acct1"))).isTrue();
        assertThat(storage.insertAccount(account("acct2", "thumb2"), "kid1", event("account.create", "acct2"))).isFalse();

        assertThat(storage.findAccount("acct1")).get().extracting(AcmeAccount::eabKeyId).isEqualTo("kid1");
        assertThat(storage.findAccount("acct2")).isEmpty();
        assertThat(storage.findEabKey("kid1")).get().satisfies(k -> {
            assertThat(k.boundAccountId()).isEqualTo("acct1");
            assertThat(k.boundAt()).isEqualTo(T);
        });
        assertThat(storage.recentAuditEvents(10)).extracting(AuditEvent::target).containsExactly("acct1", "kid1");
    }

    @Test
    void anUnknownOrForeignEabKeyBindsNothing() {
        storage.insertEabKey(new EabKey("kid-other", "other", null, new byte[] {9}, T, null, null), event("eab.create", "x"));

        assertThat(storage.insertAccount(account("acct1", "thumb1"), "no-such-kid", event("account.create", "acct1"))).isFalse();
        assertThat(storage.insertAccount(account("acct2", "thumb2"), "kid-other", event("account.create", "acct2"))).isFalse();
        assertThat(storage.findAccount("acct1")).isEmpty();
        assertThat(storage.findAccount("acct2")).isEmpty();
        assertThat(storage.findEabKey("kid-other")).get().extracting(EabKey::boundAccountId).isNull();
    }

    @Test
    void aDuplicateKeyUndoesTheEabBinding() {
        storedAccount("acct1");
        storage.insertEabKey(new EabKey("kid1", "acme", null, new byte[] {1}, T, null, null), event("eab.create", "kid1"));

        assertThatThrownBy(() -> storage.insertAccount(account("acct2", "thumb-acct1"), "kid1", event("account.create", "acct2")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(storage.findEabKey("kid1")).get().extracting(EabKey::boundAccountId).isNull();
    }

    @Test
    void updateAccountStoresStatusAndContactOnlyWhileValid() {
        AcmeAccount a = storedAccount("acct1");
        AcmeAccount changed = a.withContact(List.of("mailto:new@example.com", "mailto:other@example.com"));

        assertThat(storage.updateAccount(changed, event("account.update", "acct1"))).isTrue();
        assertThat(storage.findAccount("acct1")).contains(changed);

        AcmeAccount deactivated = changed.withStatus(AcmeAccount.Status.DEACTIVATED);
        assertThat(storage.updateAccount(deactivated, event("account.deactivate", "acct1"))).isTrue();
        assertThat(storage.updateAccount(deactivated.withStatus(AcmeAccount.Status.VALID), event("account.update", "acct1")))
                .isFalse();
        assertThat(storage.findAccount("acct1")).contains(deactivated);
        assertThat(storage.updateAccount(account("ghost", "t"), event("account.update", "ghost"))).isFalse();
        assertThat(auditedActions()).containsExactly("account.deactivate", "account.update", "account.create");
    }

    @Test
    void changeAccountKeyIsACompareAndSet() {
        storedAccount("acct1");

        assertThat(storage.changeAccountKey("acct1", "thumb-acct1", "thumb-new", "{\"new\":true}", event("account.key", "acct1")))
                .isTrue();
        assertThat(storage.changeAccountKey("acct1", "thumb-acct1", "thumb-newer", "{}", event("account.key", "acct1")))
                .isFalse();

        assertThat(storage.findAccount("acct1")).get().satisfies(a -> {
            assertThat(a.keyThumbprint()).isEqualTo("thumb-new");
            assertThat(a.jwk()).isEqualTo("{\"new\":true}");
        });
        assertThat(storage.findAccountByThumbprint("acme", "thumb-acct1")).isEmpty();
        assertThat(storage.findAccountByThumbprint("acme", "thumb-new")).get().extracting(AcmeAccount::id).isEqualTo("acct1");
        assertThat(auditedActions()).containsExactly("account.key", "account.create");
    }

    @Test
    void changeAccountKeyToAKeyInUseIsADuplicate() {
        storedAccount("acct1");
        storedAccount("acct2");

        assertThatThrownBy(() -> storage.changeAccountKey("acct2", "thumb-acct2", "thumb-acct1", "{}", event("account.key", "acct2")))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessage("The account key thumb-acct1 is already in use.");
        assertThat(storage.findAccount("acct2")).get().extracting(AcmeAccount::keyThumbprint).isEqualTo("thumb-acct2");
        assertThat(auditedActions()).doesNotContain("account.key");
    }

    // ---- orders ----

    @Test
    void orderRoundTripsWithAllFieldsAuthorizationsAndChallenges() {
        storedAccount("acct1");
        AcmeAuthorization first = authorization("z-authz", "acct1", "o1", APP);
        AcmeAuthorization wildcard = new AcmeAuthorization("a-authz", "acct1", "o1", new AcmeIdentifier("dns", "example.com"),
                true, AcmeAuthorization.Status.VALID, T.plusSeconds(3600),
                List.of(challenge("c-dns", "a-authz", "dns-01")));
        AcmeAuthorization third = authorization("m-authz", "acct1", "o1", IP);
        AcmeOrder o = new AcmeOrder("o1", "acct1", "acme", AcmeOrder.Status.PENDING, T.plusSeconds(7200),
                List.of(APP, new AcmeIdentifier("dns", "*.example.com"), IP), T.plusSeconds(60), T.plus(Duration.ofDays(30)),
                "tls-server", "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", null, null, List.of("z-authz", "a-authz", "m-authz"), T);

        storage.insertOrder(o, List.of(first, wildcard, third));

        assertThat(storage.findOrder("o1")).contains(o);
        assertThat(storage.findAuthorization("z-authz")).contains(first);
        assertThat(storage.findAuthorization("a-authz")).contains(wildcard);
        assertThat(storage.findAuthorization("m-authz")).get().extracting(a -> a.challenges().stream().map(AcmeChallenge::id).toList())
                .isEqualTo(List.of("m-authz-http", "m-authz-dns", "m-authz-alpn"));
        assertThat(storage.findOrder("o2")).isEmpty();
        assertThat(storage.findAuthorization("nope")).isEmpty();
    }

    @Test
    void anAuthorizationWithoutChallengesReadsBackWithNone() {
        storedAccount("acct1");
        AcmeAuthorization bare = new AcmeAuthorization("b-authz", "acct1", "o1", APP, false, AcmeAuthorization.Status.VALID,
                T.plusSeconds(3600), List.of());
        storage.insertOrder(order("o1", "acct1", T, List.of("b-authz")), List.of(bare));

        assertThat(storage.findAuthorization("b-authz")).contains(bare);
    }

    @Test
    void anOrderWithoutAuthorizationsReadsBackWithNone() {
        storedAccount("acct1");
        AcmeOrder o = order("o1", "acct1", T, List.of());
        storage.insertOrder(o, List.of());

        assertThat(storage.findOrder("o1")).contains(o);
    }

    @Test
    void aFailingOrderInsertStoresNothing() {
        storedAccount("acct1");
        storedOrder("o1", "acct1", T, APP);
        // the second authorization reuses an existing id: the order and its first authorization must roll back
        AcmeOrder o2 = order("o2", "acct1", T, List.of("o2-authz", "o1-authz"));

        assertThatThrownBy(() -> storage.insertOrder(o2, List.of(authorization("o2-authz", "acct1", "o2", APP),
                authorization("o1-authz", "acct1", "o2", IP))))
                .isInstanceOfSatisfying(dev.signet.ca.error.CaException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.SERVER_INTERNAL))
                .hasMessageStartingWith("The database could not store order o2: ");
        assertThat(storage.findOrder("o2")).isEmpty();
        assertThat(storage.findAuthorization("o2-authz")).isEmpty();
        assertThat(storage.findAuthorization("o1-authz")).get().extracting(AcmeAuthorization::orderId).isEqualTo("o1");
    }

    static Stream<Arguments> orderTransitions() {
        ProblemDetail error = new ProblemDetail(Problem.BAD_CSR, "The CSR names a key that is too short.");
        BigInteger serial = new BigInteger("123456789012345678901234567890");
        return Stream.of(
                Arguments.of(AcmeOrder.Status.PENDING, AcmeOrder.Status.READY, null, null, true),
                Arguments.of(AcmeOrder.Status.PENDING, AcmeOrder.Status.INVALID, error, null, true),
                Arguments.of(AcmeOrder.Status.PENDING, AcmeOrder.Status.VALID, null, serial, true),
                Arguments.of(AcmeOrder.Status.READY, AcmeOrder.Status.PROCESSING, null, null, false),
                Arguments.of(AcmeOrder.Status.PROCESSING, AcmeOrder.Status.VALID, null, serial, false));
    }

    @ParameterizedTest(name = "{0} -> {1}: changed {4}")
    @MethodSource("orderTransitions")
    void updateOrderStatusIsACompareAndSet(AcmeOrder.Status expected, AcmeOrder.Status next, ProblemDetail error,
            BigInteger serial, boolean changes) {
        storedAccount("acct1");
        AcmeOrder o = storedOrder("o1", "acct1", T, APP); // pending

        assertThat(storage.updateOrderStatus("o1", expected, next, error, serial)).isEqualTo(changes);

        assertThat(storage.findOrder("o1")).contains(changes ? o.withStatus(next, error, serial) : o);
        assertThat(storage.updateOrderStatus("missing", expected, next, error, serial)).isFalse();
    }

    @Test
    void findOrderByCertificateAfterTheOrderIsValid() {
        storedAccount("acct1");
        storedOrder("o1", "acct1", T, APP);
        storedOrder("o2", "acct1", T, APP);
        BigInteger serial = new BigInteger("98765432109876543210");
        assertThat(storage.findOrderByCertificate(serial)).isEmpty();

        assertThat(storage.updateOrderStatus("o2", AcmeOrder.Status.PENDING, AcmeOrder.Status.VALID, null, serial)).isTrue();

        assertThat(storage.findOrderByCertificate(serial)).get().satisfies(o -> {
            assertThat(o.id()).isEqualTo("o2");
            assertThat(o.status()).isEqualTo(AcmeOrder.Status.VALID);
            assertThat(o.certificateSerial()).isEqualTo(serial);
        });
        assertThat(storage.findOrderByCertificate(serial.add(BigInteger.ONE))).isEmpty();
    }

    @Test
    void orderIdsOfAccountPagesOldestFirst() {
        storedAccount("acct1");
        storedAccount("acct2");
        // ids sort differently from creation; o-c and o-a share a millisecond, so only the sequence orders them
        storedOrder("o-e", "acct1", T, APP);
        storedOrder("o-c", "acct1", T.plusSeconds(1), APP);
        storedOrder("o-a", "acct1", T.plusSeconds(1), APP);
        storedOrder("other", "acct2", T.plusSeconds(2), APP);
        storedOrder("o-d", "acct1", T.plusSeconds(3), APP);
        storedOrder("o-b", "acct1", T.plusSeconds(4), APP);

        List<List<String>> pages = new ArrayList<>();
        String after = null;
        for (int i = 0; i < 5; i++) {
            List<String> page = storage.orderIdsOfAccount("acct1", after, 2);
            pages.add(page);
            if (page.isEmpty()) break;
            after = page.get(page.size() - 1);
        }

        assertThat(pages).containsExactly(List.of("o-e", "o-c"), List.of("o-a", "o-d"), List.of("o-b"), List.of());
        assertThat(storage.orderIdsOfAccount("acct1", null, 10)).containsExactly("o-e", "o-c", "o-a", "o-d", "o-b");
        assertThat(storage.orderIdsOfAccount("acct2", null, 10)).containsExactly("other");
        assertThat(storage.orderIdsOfAccount("acct2", "o-a", 10)).as("a cursor of another account").isEmpty();
    }

    @Test
    void countPendingOrdersCountsUnexpiredPendingAndReady() {
        storedAccount("acct1");
        storedAccount("acct2");
        Instant now = T.plus(Duration.ofDays(1));
        for (String id : List.of("pending", "ready", "processing", "valid", "invalid")) storedOrder(id, "acct1", T, APP);
        storage.updateOrderStatus("ready", AcmeOrder.Status.PENDING, AcmeOrder.Status.READY, null, null);
        storage.updateOrderStatus("processing", AcmeOrder.Status.PENDING, AcmeOrder.Status.PROCESSING, null, null);
        storage.updateOrderStatus("valid", AcmeOrder.Status.PENDING, AcmeOrder.Status.VALID, null, BigInteger.TEN);
        storage.updateOrderStatus("invalid", AcmeOrder.Status.PENDING, AcmeOrder.Status.INVALID, null, null);
        storedOrder("expired", "acct1", now.minus(Duration.ofDays(7)), APP); // expires exactly at now
        storedOrder("other", "acct2", T, APP);

        assertThat(storage.countPendingOrders("acct1", now)).isEqualTo(2);
        assertThat(storage.countPendingOrders("acct1", now.minus(Duration.ofMillis(1)))).isEqualTo(3);
        assertThat(storage.countPendingOrders("acct2", now)).isEqualTo(1);
        assertThat(storage.countPendingOrders("nobody", now)).isZero();
    }

    @Test
    void countOrdersSinceIncludesTheBoundary() {
        storedAccount("acct1");
        storedAccount("acct2");
        for (int i = 0; i < 4; i++) storedOrder("o" + i, "acct1", T.plusSeconds(i), APP);
        storedOrder("other", "acct2", T.plusSeconds(3), APP);

        assertThat(storage.countOrdersSince("acct1", T)).isEqualTo(4);
        assertThat(storage.countOrdersSince("acct1", T.plusSeconds(2))).isEqualTo(2);
        assertThat(storage.countOrdersSince("acct1", T.plusSeconds(4))).isZero();
    }

    @Test
    void ordersReplacingFindsOrdersByCertId() {
        storedAccount("acct1");
        String certId = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE";
        AcmeOrder plain = order("o1", "acct1", T, List.of());
        AcmeOrder r1 = new AcmeOrder("o2", "acct1", "acme", AcmeOrder.Status.PENDING, T.plusSeconds(60), List.of(APP),
                null, null, null, certId, null, null, List.of(), T.plusSeconds(1));
        AcmeOrder r2 = new AcmeOrder("o3", "acct1", "acme", AcmeOrder.Status.INVALID, T.plusSeconds(60), List.of(APP),
                null, null, null, certId, null, null, List.of(), T.plusSeconds(2));
        for (AcmeOrder o : List.of(plain, r2, r1)) assertThat(storage.insertOrder(o, List.of())).isTrue();

        assertThat(storage.ordersReplacing(certId)).containsExactly(r1, r2);
        assertThat(storage.ordersReplacing("other.certId")).isEmpty();
    }

    static Stream<Arguments> replacementGuards() {
        return Stream.of(
                Arguments.of("a pending replacement blocks", AcmeOrder.Status.PENDING, T.plusSeconds(60), false),
                Arguments.of("a ready replacement blocks", AcmeOrder.Status.READY, T.plusSeconds(60), false),
                Arguments.of("a processing replacement blocks", AcmeOrder.Status.PROCESSING, T.plusSeconds(60), false),
                Arguments.of("a valid replacement blocks, even expired", AcmeOrder.Status.VALID, T, false),
                Arguments.of("an expired pending replacement does not block", AcmeOrder.Status.PENDING, T.plusSeconds(5), true),
                Arguments.of("an invalid replacement does not block", AcmeOrder.Status.INVALID, T.plusSeconds(60), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replacementGuards")
    void aCertificateIsReplacedByOneLiveOrderOnly(String description, AcmeOrder.Status first, Instant firstExpires, boolean secondStored) {
        storedAccount("acct1");
        String certId = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE";
        storage.insertOrder(new AcmeOrder("r1", "acct1", "acme", first, firstExpires, List.of(APP), null, null, null, certId,
                null, null, List.of(), T), List.of());
        AcmeOrder second = new AcmeOrder("r2", "acct1", "acme", AcmeOrder.Status.PENDING, T.plusSeconds(600), List.of(APP),
                null, null, null, certId, null, null, List.of(), T.plusSeconds(10));

        assertThat(storage.insertOrder(second, List.of())).isEqualTo(secondStored);
        assertThat(storage.findOrder("r2").isPresent()).isEqualTo(secondStored);
    }

    // ---- authorizations and challenges ----

    @Test
    void authorizationAndChallengeStatusChangesAreCompareAndSet() {
        storedAccount("acct1");
        storedOrder("o1", "acct1", T, APP);

        assertThat(storage.updateChallengeStatus("o1-authz-http", AcmeChallenge.Status.PENDING, AcmeChallenge.Status.PROCESSING))
                .isTrue();
        assertThat(storage.updateChallengeStatus("o1-authz-http", AcmeChallenge.Status.PENDING, AcmeChallenge.Status.PROCESSING))
                .isFalse();
        assertThat(storage.updateChallengeStatus("missing", AcmeChallenge.Status.PENDING, AcmeChallenge.Status.PROCESSING))
                .isFalse();
        assertThat(storage.updateAuthorizationStatus("o1-authz", AcmeAuthorization.Status.PENDING,
                AcmeAuthorization.Status.DEACTIVATED)).isTrue();
        assertThat(storage.updateAuthorizationStatus("o1-authz", AcmeAuthorization.Status.PENDING,
                AcmeAuthorization.Status.VALID)).isFalse();

        AcmeAuthorization a = storage.findAuthorization("o1-authz").orElseThrow();
        assertThat(a.status()).isEqualTo(AcmeAuthorization.Status.DEACTIVATED);
        assertThat(a.challenges()).extracting(AcmeChallenge::status)
                .containsExactly(AcmeChallenge.Status.PROCESSING, AcmeChallenge.Status.PENDING, AcmeChallenge.Status.PENDING);
    }

    static Stream<Arguments> validationOutcomes() {
        return Stream.of(
                Arguments.of(true, null, AcmeChallenge.Status.VALID, AcmeAuthorization.Status.VALID),
                Arguments.of(false, new ProblemDetail(Problem.INCORRECT_RESPONSE, "The key authorization did not match."),
                        AcmeChallenge.Status.INVALID, AcmeAuthorization.Status.INVALID),
                Arguments.of(false, new ProblemDetail(Problem.CONNECTION, "Connecting to 10.0.0.1:80 timed out."),
                        AcmeChallenge.Status.INVALID, AcmeAuthorization.Status.INVALID));
    }

    @ParameterizedTest(name = "valid={0}")
    @MethodSource("validationOutcomes")
    void recordValidationMovesChallengeAndAuthorization(boolean valid, ProblemDetail error, AcmeChallenge.Status challengeStatus,
            AcmeAuthorization.Status authorizationStatus) {
        storedAccount("acct1");
        storedOrder("o1", "acct1", T, APP);
        Instant at = T.plusSeconds(30);
        assertThat(storage.recordValidation("o1-authz-dns", valid, at, error)).as("not processing yet").isFalse();
        storage.updateChallengeStatus("o1-authz-dns", AcmeChallenge.Status.PENDING, AcmeChallenge.Status.PROCESSING);

        assertThat(storage.recordValidation("o1-authz-dns", valid, at, error)).isTrue();
        assertThat(storage.recordValidation("o1-authz-dns", !valid, at, error)).as("already decided").isFalse();

        AcmeAuthorization a = storage.findAuthorization("o1-authz").orElseThrow();
        assertThat(a.status()).isEqualTo(authorizationStatus);
        assertThat(a.challenges().get(1)).isEqualTo(new AcmeChallenge("o1-authz-dns", "o1-authz", "dns-01", "token-o1-authz-dns",
                challengeStatus, valid ? at : null, error));
        assertThat(a.challenges().get(0).status()).isEqualTo(AcmeChallenge.Status.PENDING);
    }

    @Test
    void recordValidationLeavesAnAuthorizationThatIsNoLongerPending() {
        storedAccount("acct1");
        storedOrder("o1", "acct1", T, APP);
        storage.updateChallengeStatus("o1-authz-http", AcmeChallenge.Status.PENDING, AcmeChallenge.Status.PROCESSING);
        storage.updateAuthorizationStatus("o1-authz", AcmeAuthorization.Status.PENDING, AcmeAuthorization.Status.DEACTIVATED);

        assertThat(storage.recordValidation("o1-authz-http", true, T, null)).isTrue();

        AcmeAuthorization a = storage.findAuthorization("o1-authz").orElseThrow();
        assertThat(a.status()).isEqualTo(AcmeAuthorization.Status.DEACTIVATED);
        assertThat(a.challenges().get(0).status()).isEqualTo(AcmeChallenge.Status.VALID);
    }

    static Stream<Arguments> authorizationLookups() {
        Instant now = T.plus(Duration.ofDays(1));
        Instant expiry = T.plus(Duration.ofDays(7));
        return Stream.of(
                Arguments.of("the holder, same identifier", "acct1", APP, now, true),
                Arguments.of("just before expiry", "acct1", APP, expiry.minusMillis(1), true),
                Arguments.of("at expiry", "acct1", APP, expiry, false),
                Arguments.of("another account", "acct2", APP, now, false),
                Arguments.of("another name", "acct1", new AcmeIdentifier("dns", "other.example.com"), now, false),
                Arguments.of("another identifier type", "acct1", new AcmeIdentifier("ip", "app.example.com"), now, false),
                Arguments.of("a pending authorization", "acct1", IP, now, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authorizationLookups")
    void hasValidAuthorization(String description, String accountId, AcmeIdentifier identifier, Instant now, boolean expected) {
        storedAccount("acct1");
        storedAccount("acct2");
        storedOrder("o1", "acct1", T, APP);
        storedOrder("o2", "acct1", T, IP);
        storage.updateChallengeStatus("o1-authz-http", AcmeChallenge.Status.PENDING, AcmeChallenge.Status.PROCESSING);
        storage.recordValidation("o1-authz-http", true, T, null);

        assertThat(storage.hasValidAuthorization(accountId, identifier, false, now)).isEqualTo(expected);
        // the stored authorizations are not wildcard ones: a wildcard certificate needs one
        assertThat(storage.hasValidAuthorization(accountId, identifier, true, now)).isFalse();
    }

    // ---- certificates ----

    @Test
    void revokeCertificateOnceWithReasonTimeAndAudit() {
        BigInteger serial = BigInteger.valueOf(77);
        CertificateRecord r = new CertificateRecord(serial, "acme", "", List.of("app.example.com"), T, T.plusSeconds(3600),
                CertificateRecord.Status.VALID, null, null, new byte[] {0x30, 0x00});
        storage.insertCertificate(r, event("certificate.issue", "77"));
        Instant at = T.plusSeconds(600);

        assertThat(storage.revokeCertificate(serial, 1, at, event("certificate.revoke", "77"))).isTrue();
        assertThat(storage.revokeCertificate(serial, 4, at.plusSeconds(1), event("certificate.revoke", "77 again"))).isFalse();
        assertThat(storage.revokeCertificate(BigInteger.valueOf(78), 1, at, event("certificate.revoke", "78"))).isFalse();

        assertThat(storage.findCertificate(serial)).get().usingRecursiveComparison()
                .isEqualTo(new CertificateRecord(serial, "acme", "", List.of("app.example.com"), T, T.plusSeconds(3600),
                        CertificateRecord.Status.REVOKED, at, 1, new byte[] {0x30, 0x00}));
        assertThat(storage.recentAuditEvents(10)).extracting(AuditEvent::target).containsExactly("77", "77");
        assertThat(auditedActions()).containsExactly("certificate.revoke", "certificate.issue");
    }

    // ---- EAB keys ----

    @Test
    void eabKeysInsertListFindAndDelete() {
        EabKey k1 = new EabKey("kid1", "acme", "team a", new byte[] {1, 2, 3}, T, null, null);
        EabKey k2 = new EabKey("kid0", "acme", null, new byte[] {4, 5}, T.plusSeconds(1), null, null);
        EabKey foreign = new EabKey("kid9", "other", "x", new byte[] {6}, T, null, null);
        for (EabKey k : List.of(k2, foreign, k1)) storage.insertEabKey(k, event("eab.create", k.keyId()));

        assertThat(storage.findEabKey("kid1")).get().usingRecursiveComparison().isEqualTo(k1);
        assertThat(storage.eabKeys("acme")).extracting(EabKey::keyId).containsExactly("kid1", "kid0");
        assertThat(storage.eabKeys("acme").get(1)).usingRecursiveComparison().isEqualTo(k2);
        assertThat(storage.eabKeys("nobody")).isEmpty();

        assertThat(storage.deleteEabKey("kid1", event("eab.delete", "kid1"))).isTrue();
        assertThat(storage.deleteEabKey("kid1", event("eab.delete", "kid1 again"))).isFalse();
        assertThat(storage.findEabKey("kid1")).isEmpty();
        assertThat(storage.eabKeys("acme")).extracting(EabKey::keyId).containsExactly("kid0");
        assertThat(storage.recentAuditEvents(10)).extracting(AuditEvent::target)
                .containsExactly("kid1", "kid1", "kid9", "kid0");
    }

    @Test
    void deletingABoundEabKeyKeepsTheAccount() {
        storage.insertEabKey(new EabKey("kid1", "acme", null, new byte[] {1}, T, null, null), event("eab.create", "kid1"));
        storage.insertAccount(account("acct1", "thumb1"), "kid1", event("account.create", "acct1"));

        assertThat(storage.deleteEabKey("kid1", event("eab.delete", "kid1"))).isTrue();
        assertThat(storage.findAccount("acct1")).get().extracting(AcmeAccount::eabKeyId).isEqualTo("kid1");
    }

    // ---- durability ----

    @Test
    void acmeStateSurvivesReopeningTheDatabase() {
        storage.insertNonce("n1", T.plusSeconds(60));
        EabKey key = new EabKey("kid1", "acme", "ref", new byte[] {7, 7}, T, null, null);
        storage.insertEabKey(key, event("eab.create", "kid1"));
        storage.insertAccount(account("acct1", "thumb1"), "kid1", event("account.create", "acct1"));
        AcmeOrder o = storedOrder("o1", "acct1", T, APP);
        AcmeAuthorization a = storage.findAuthorization("o1-authz").orElseThrow();

        reopen();

        assertThat(storage.findAccount("acct1")).get().extracting(AcmeAccount::eabKeyId).isEqualTo("kid1");
        assertThat(storage.findOrder("o1")).contains(o);
        assertThat(storage.findAuthorization("o1-authz")).contains(a);
        assertThat(storage.findEabKey("kid1")).get().extracting(EabKey::boundAccountId).isEqualTo("acct1");
        assertThat(storage.consumeNonce("n1", T)).isTrue();
        assertThat(storage.orderIdsOfAccount("acct1", null, 10)).containsExactly("o1");
    }
}

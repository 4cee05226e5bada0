package dev.signet.ca.ra;

import static dev.signet.ca.ra.RaFixture.IP;
import static dev.signet.ca.ra.RaFixture.T0;
import static dev.signet.ca.ra.RaFixture.http01;
import static dev.signet.ca.ra.RaFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.error.ProblemDetail;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeAuthorization;
import dev.signet.ca.storage.AcmeChallenge;
import dev.signet.ca.storage.AcmeIdentifier;
import dev.signet.ca.storage.AcmeOrder;
import dev.signet.pki.KeyType;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order and authorization state machines of RFC 8555 §7.1.6, driven by a hand-moved clock and real http-01. */
class OrderLifecycleTest extends RaTestBase {
    private static final Instant EXPIRY = T0.plus(OrderRegistry.ORDER_LIFETIME);
    private static final ProblemDetail EXPIRED = new ProblemDetail(Problem.MALFORMED, "The order expired at 2026-03-02T12:00:00Z.");
    private static final ProblemDetail DEACTIVATED = new ProblemDetail(Problem.UNAUTHORIZED,
            "The authorization for 127.0.0.1 is deactivated.");

    private final AcmeProvisioner p = RaFixture.provisioner("acme");
    private AcmeAccount account;

    @BeforeEach
    void start() {
        account = ra.account(p);
    }

    private String onlyAuthorization(AcmeOrder o) {
        assertThat(o.authorizationIds()).hasSize(1);
        return o.authorizationIds().get(0);
    }

    private AcmeOrder stored(AcmeOrder o) {
        return ra.storage.findOrder(o.id()).orElseThrow();
    }

    @Test
    void orderGoesFromPendingThroughReadyToValid() throws Exception {
        AcmeOrder created = ra.orders.create(p, account, request(IP));
        assertThat(created.status()).isEqualTo(AcmeOrder.Status.PENDING);
        assertThat(created.expiresAt()).isEqualTo(EXPIRY);
        assertThat(created.identifiers()).containsExactly(new AcmeIdentifier("ip", IP));
        assertThat(stored(created)).isEqualTo(created);

        String authzId = onlyAuthorization(created);
        AcmeAuthorization pending = ra.authorizations.find(account, authzId);
        assertThat(pending.status()).isEqualTo(AcmeAuthorization.Status.PENDING);
        assertThat(pending.expiresAt()).isEqualTo(EXPIRY);
        assertThat(pending.challenges()).extracting(AcmeChallenge::type).containsExactly("http-01", "tls-alpn-01");
        assertThat(pending.challenges()).extracting(AcmeChallenge::status).containsOnly(AcmeChallenge.Status.PENDING);
        assertThat(ra.orders.find(account, created.id()).status()).as("nothing validated yet").isEqualTo(AcmeOrder.Status.PENDING);

        ra.clock.advance(Duration.ofMinutes(3));
        AcmeAuthorization valid = ra.validate(account, authzId);
        assertThat(valid.status()).isEqualTo(AcmeAuthorization.Status.VALID);
        assertThat(http01(valid).status()).isEqualTo(AcmeChallenge.Status.VALID);
        assertThat(http01(valid).validatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(http01(valid).error()).isNull();
        assertThat(ra.http.requests(http01(valid).token())).isEqualTo(1);

        AcmeOrder ready = ra.orders.find(account, created.id());
        assertThat(ready.status()).isEqualTo(AcmeOrder.Status.READY);
        assertThat(stored(created).status()).as("stored, not only derived").isEqualTo(AcmeOrder.Status.READY);

        KeyPair key = KeyType.EC_P256.generate();
        AcmeOrder valid2 = ra.orders.finalizeOrder(p, account, created.id(), RaFixture.csr(key, IP));
        assertThat(valid2.status()).isEqualTo(AcmeOrder.Status.VALID);
        assertThat(valid2.certificateSerial()).isNotNull();
        assertThat(stored(created).status()).isEqualTo(AcmeOrder.Status.VALID);
        assertThat(stored(created).certificateSerial()).isEqualTo(valid2.certificateSerial());
        assertThat(ra.orders.find(account, created.id())).as("a valid order is final").isEqualTo(stored(created));

        List<X509Certificate> chain = ra.orders.certificateChain(account, valid2.certificateSerial());
        X509Certificate leaf = chain.get(0);
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ra.signer.intermediate());
        assertThat(leaf.getSerialNumber()).isEqualTo(valid2.certificateSerial());
        assertThat(leaf.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(7, IP));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(3)).plus(Duration.ofHours(24)));
    }

    /** Whether the order was validated first, how far the clock moves, the order's and authorization's status then. */
    static Stream<Arguments> expiry() {
        Duration justBefore = OrderRegistry.ORDER_LIFETIME.minusMillis(1);
        return Stream.of(
                argumentSet("pending/just-before-expiry", false, justBefore, AcmeOrder.Status.PENDING, AcmeAuthorization.Status.PENDING),
                argumentSet("pending/at-expiry", false, OrderRegistry.ORDER_LIFETIME, AcmeOrder.Status.INVALID,
                        AcmeAuthorization.Status.EXPIRED),
                argumentSet("pending/long-after", false, Duration.ofDays(30), AcmeOrder.Status.INVALID, AcmeAuthorization.Status.EXPIRED),
                argumentSet("ready/just-before-expiry", true, justBefore, AcmeOrder.Status.READY, AcmeAuthorization.Status.VALID),
                argumentSet("ready/at-expiry", true, OrderRegistry.ORDER_LIFETIME, AcmeOrder.Status.INVALID,
                        AcmeAuthorization.Status.EXPIRED));
    }

    @ParameterizedTest
    @MethodSource("expiry")
    void ordersAndAuthorizationsExpire(boolean validated, Duration advance, AcmeOrder.Status orderStatus,
            AcmeAuthorization.Status authzStatus) {
        AcmeOrder o = validated ? ra.readyOrder(p, account, request(IP)) : ra.orders.create(p, account, request(IP));
        ra.clock.advance(advance);

        AcmeOrder refreshed = ra.orders.refresh(stored(o));
        assertThat(refreshed.status()).isEqualTo(orderStatus);
        assertThat(refreshed.error()).isEqualTo(orderStatus == AcmeOrder.Status.INVALID ? EXPIRED : null);
        assertThat(stored(o)).isEqualTo(refreshed);
        assertThat(ra.authorizations.find(account, onlyAuthorization(o)).status()).isEqualTo(authzStatus);
        assertThat(ra.storage.findAuthorization(onlyAuthorization(o)).orElseThrow().status()).isEqualTo(authzStatus);
    }

    @Test
    void anExpiredAuthorizationIgnoresResponses() {
        AcmeOrder o = ra.orders.create(p, account, request(IP));
        ra.clock.advance(OrderRegistry.ORDER_LIFETIME);

        AcmeAuthorization a = ra.respond(account, onlyAuthorization(o), "anything");
        assertThat(a.status()).isEqualTo(AcmeAuthorization.Status.EXPIRED);
        assertThat(http01(a).status()).isEqualTo(AcmeChallenge.Status.PENDING);
        assertThat(ra.http.requests(http01(a).token())).as("no validation was started").isZero();
    }

    /** What the applicant serves (null: nothing, 404), the problem stored on challenge and order, and its sentence. */
    static Stream<Arguments> failedValidations() {
        return Stream.of(
                argumentSet("fail/wrong-body", "wrong", Problem.INCORRECT_RESPONSE,
                        "The response from %s was 5 characters that are not the key authorization \"%s\"."),
                argumentSet("fail/not-found", null, Problem.UNAUTHORIZED,
                        "The server at %s answered with HTTP status 404 instead of 200."));
    }

    @ParameterizedTest
    @MethodSource("failedValidations")
    void anInvalidAuthorizationMakesTheOrderInvalidWithTheChallengeError(String body, Problem problem, String detail) {
        AcmeOrder o = ra.orders.create(p, account, request(IP));
        String authzId = onlyAuthorization(o);
        AcmeChallenge c = http01(ra.authorizations.find(account, authzId));
        ra.respond(account, authzId, body);
        AcmeAuthorization a = ra.awaitValidation(authzId);

        String url = "http://127.0.0.1:" + ra.http.port() + "/.well-known/acme-challenge/" + c.token();
        // the validator repeats at most 64 characters of a value, and a key authorization is longer
        String quoted = RaFixture.keyAuthorization(account, c).substring(0, 64) + "…";
        ProblemDetail expected = new ProblemDetail(problem, detail.formatted(url, quoted));
        assertThat(a.status()).isEqualTo(AcmeAuthorization.Status.INVALID);
        assertThat(http01(a).status()).isEqualTo(AcmeChallenge.Status.INVALID);
        assertThat(http01(a).error()).isEqualTo(expected);
        AcmeOrder invalid = ra.orders.find(account, o.id());
        assertThat(invalid.status()).isEqualTo(AcmeOrder.Status.INVALID);
        assertThat(invalid.error()).isEqualTo(expected);
        assertThat(stored(o).error()).isEqualTo(expected);
    }

    @Test
    void respondingTwiceValidatesOnce() throws Exception {
        AcmeOrder o = ra.orders.create(p, account, request(IP));
        String authzId = onlyAuthorization(o);
        AcmeChallenge c = http01(ra.authorizations.find(account, authzId));
        ra.http.serve(c.token(), RaFixture.keyAuthorization(account, c));
        CountDownLatch held = ra.http.hold();

        AcmeAuthorization first = ra.authorizations.respond(account, authzId, c.id());
        AcmeAuthorization second = ra.authorizations.respond(account, authzId, c.id());
        assertThat(List.of(first, second)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(AcmeAuthorization.Status.PENDING);
            assertThat(http01(a).status()).isEqualTo(AcmeChallenge.Status.PROCESSING);
        });
        held.countDown();

        AcmeAuthorization valid = ra.awaitValidation(authzId);
        assertThat(valid.status()).isEqualTo(AcmeAuthorization.Status.VALID);
        AcmeAuthorization third = ra.authorizations.respond(account, authzId, c.id());
        assertThat(third).as("a response to a valid challenge changes nothing").isEqualTo(valid);
        assertThat(ra.http.requests(c.token())).isEqualTo(1);
    }

    @Test
    void aChallengeResponseWaitsBrieflyForItsVerdict() throws Exception {
        AuthorizationRegistry waiting = new AuthorizationRegistry(ra.storage, ra.va, RaFixture.LEASE, Duration.ofSeconds(5), ra.clock);
        AcmeOrder o = ra.orders.create(p, account, request(IP));
        String authzId = onlyAuthorization(o);
        AcmeChallenge c = http01(ra.authorizations.find(account, authzId));
        ra.http.serve(c.token(), RaFixture.keyAuthorization(account, c));
        AcmeAuthorization answered = waiting.respond(account, authzId, c.id());
        assertThat(answered.status()).as("the verdict is in the answer").isEqualTo(AcmeAuthorization.Status.VALID);
        assertThat(http01(answered).status()).isEqualTo(AcmeChallenge.Status.VALID);

        AuthorizationRegistry brief = new AuthorizationRegistry(ra.storage, ra.va, RaFixture.LEASE, Duration.ofMillis(50), ra.clock);
        AcmeAccount other = ra.account(p); // its own authorization for the same address
        AcmeOrder slow = ra.orders.create(p, other, request(IP));
        String slowId = onlyAuthorization(slow);
        AcmeChallenge held = http01(ra.authorizations.find(other, slowId));
        ra.http.serve(held.token(), RaFixture.keyAuthorization(other, held));
        CountDownLatch hold = ra.http.hold();
        try {
            AcmeAuthorization pending = brief.respond(other, slowId, held.id());
            assertThat(http01(pending).status()).as("a validation slower than the wait is answered as processing")
                    .isEqualTo(AcmeChallenge.Status.PROCESSING);
        } finally {
            hold.countDown();
        }
        assertThat(ra.awaitValidation(slowId).status()).isEqualTo(AcmeAuthorization.Status.VALID);
    }

    @Test
    void respondNamesUnknownChallengesAndOtherAccounts() {
        AcmeOrder o = ra.orders.create(p, account, request(IP));
        String authzId = onlyAuthorization(o);
        AcmeAccount other = ra.account(p);

        assertThatThrownBy(() -> ra.authorizations.respond(account, authzId, "nope"))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND))
                .hasMessage("The challenge nope does not exist.");
        assertThatThrownBy(() -> ra.authorizations.respond(other, authzId, "nope"))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAUTHORIZED))
                .hasMessage("The authorization " + authzId + " belongs to another account.");
        assertThatThrownBy(() -> ra.orders.find(other, o.id()))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAUTHORIZED))
                .hasMessage("The order " + o.id() + " belongs to another account.");
    }

    /** Deactivating a pending or a valid authorization (RFC 8555 §7.5.2) ends its order. */
    @ParameterizedTest(name = "validated first: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void deactivatingAnAuthorizationMakesTheOrderInvalid(boolean validated) {
        AcmeOrder o = validated ? ra.readyOrder(p, account, request(IP)) : ra.orders.create(p, account, request(IP));
        assertThat(o.status()).isEqualTo(validated ? AcmeOrder.Status.READY : AcmeOrder.Status.PENDING);
        String authzId = onlyAuthorization(o);

        assertThat(ra.authorizations.deactivate(account, authzId).status()).isEqualTo(AcmeAuthorization.Status.DEACTIVATED);
        AcmeOrder invalid = ra.orders.find(account, o.id());
        assertThat(invalid.status()).isEqualTo(AcmeOrder.Status.INVALID);
        assertThat(invalid.error()).isEqualTo(DEACTIVATED);
        assertThatThrownBy(() -> ra.orders.finalizeOrder(p, account, o.id(), RaFixture.csr(KeyType.EC_P256.generate(), IP)))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.ORDER_NOT_READY))
                .hasMessage("The order " + o.id() + " is invalid; only a ready order can be finalized.");
        assertThatThrownBy(() -> ra.authorizations.deactivate(account, authzId))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                .hasMessage("The authorization " + authzId + " is deactivated; only pending or valid authorizations can be deactivated.");
    }

    /**
     * Finalize refused: how the order is prepared (from a fresh pending one), the CSR's names, the problem and its
     * sentence ({@code %s} is the order id). The order's stored status must not change.
     */
    static Stream<Arguments> refusedFinalizations() {
        BiFunction<OrderLifecycleTest, AcmeOrder, AcmeOrder> asIs = (t, o) -> o;
        BiFunction<OrderLifecycleTest, AcmeOrder, AcmeOrder> ready = OrderLifecycleTest::validated;
        BiFunction<OrderLifecycleTest, AcmeOrder, AcmeOrder> expired = (t, o) -> {
            AcmeOrder r = t.validated(o);
            t.ra.clock.advance(OrderRegistry.ORDER_LIFETIME);
            return r;
        };
        BiFunction<OrderLifecycleTest, AcmeOrder, AcmeOrder> processing = (t, o) -> {
            AcmeOrder r = t.validated(o);
            // another instance holds the order, and its lease is live
            assertThat(t.ra.storage.startFinalization(new dev.signet.ca.storage.Finalization(o.id(), "other-instance",
                    t.ra.clock.instant().plus(RaFixture.LEASE), RaFixture.csr(KeyType.EC_P256.generate(), IP)))).isTrue();
            return r;
        };
        BiFunction<OrderLifecycleTest, AcmeOrder, AcmeOrder> finalized = (t, o) -> {
            t.validated(o);
            return t.ra.orders.finalizeOrder(t.p, t.account, o.id(), RaFixture.csr(KeyType.EC_P256.generate(), IP));
        };
        String notReady = "The order %s is %s; only a ready order can be finalized.";
        return Stream.of(
                argumentSet("fail/pending", asIs, List.of(IP), Problem.ORDER_NOT_READY, notReady.formatted("%s", "pending")),
                argumentSet("fail/expired", expired, List.of(IP), Problem.ORDER_NOT_READY, notReady.formatted("%s", "invalid")),
                argumentSet("fail/processing-meanwhile", processing, List.of(IP), Problem.ORDER_NOT_READY,
                        notReady.formatted("%s", "processing")),
                argumentSet("fail/already-valid", finalized, List.of(IP), Problem.ORDER_NOT_READY, notReady.formatted("%s", "valid")),
                argumentSet("fail/csr-other-name", ready, List.of("127.0.0.2"), Problem.BAD_CSR,
                        "The CSR must name exactly the order's identifiers; it also names 127.0.0.2; it lacks 127.0.0.1."),
                argumentSet("fail/csr-extra-name", ready, List.of(IP, "www.example.com"), Problem.BAD_CSR,
                        "The CSR must name exactly the order's identifiers; it also names www.example.com."),
                argumentSet("fail/csr-not-der", ready, List.of(), Problem.BAD_CSR,
                        "The finalize request's csr is not a DER-encoded PKCS#10 request."));
    }

    private AcmeOrder validated(AcmeOrder o) {
        ra.validate(account, onlyAuthorization(o));
        return ra.orders.refresh(stored(o));
    }

    @ParameterizedTest
    @MethodSource("refusedFinalizations")
    void finalizeIsRefused(BiFunction<OrderLifecycleTest, AcmeOrder, AcmeOrder> prepare, List<String> names, Problem problem,
            String detail) {
        AcmeOrder o = prepare.apply(this, ra.orders.create(p, account, request(IP)));
        AcmeOrder before = ra.orders.refresh(stored(o));
        byte[] csr = names.isEmpty() ? new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}
                : RaFixture.csr(KeyType.EC_P256.generate(), names.toArray(String[]::new));
        long certificates = ra.storage.countCertificates();

        assertThatThrownBy(() -> ra.orders.finalizeOrder(p, account, o.id(), csr))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessage(detail.formatted(o.id()));
        assertThat(stored(o)).isEqualTo(before);
        assertThat(ra.storage.countCertificates()).isEqualTo(certificates);
    }

    @Test
    void aFailedIssuanceMakesTheOrderInvalidWithTheSignersError() {
        Instant notAfter = T0.plus(Duration.ofMinutes(10));
        AcmeOrder o = ra.orders.create(p, account, new NewOrderRequest(List.of(new AcmeIdentifier("ip", IP)), null, notAfter, null, null));
        validated(o);
        ra.clock.advance(Duration.ofMinutes(6));

        ProblemDetail tooShort = new ProblemDetail(Problem.MALFORMED, "The requested lifetime 4m is below the provisioner's minimum of 5m.");
        assertThatThrownBy(() -> ra.orders.finalizeOrder(p, account, o.id(), RaFixture.csr(KeyType.EC_P256.generate(), IP)))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(tooShort.problem()))
                .hasMessage(tooShort.detail());
        assertThat(stored(o).status()).isEqualTo(AcmeOrder.Status.INVALID);
        assertThat(stored(o).error()).isEqualTo(tooShort);
        assertThat(ra.storage.countCertificates()).isZero();
    }
}

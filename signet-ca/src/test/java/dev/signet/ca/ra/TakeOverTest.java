package dev.signet.ca.ra;

import static dev.signet.ca.ra.RaFixture.IP;
import static dev.signet.ca.ra.RaFixture.LEASE;
import static dev.signet.ca.ra.RaFixture.http01;
import static dev.signet.ca.ra.RaFixture.keyAuthorization;
import static dev.signet.ca.ra.RaFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.error.Problem;
import dev.signet.ca.error.ProblemDetail;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeAuthorization;
import dev.signet.ca.storage.AcmeChallenge;
import dev.signet.ca.storage.AcmeOrder;
import dev.signet.ca.storage.Finalization;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Work that a stopped instance left processing in the shared database: this instance waits for its lease to lapse,
 * then finishes it (finalizations from the stored CSR, validations run again) or fails it cleanly.
 */
class TakeOverTest extends RaTestBase {
    private final AcmeProvisioner p = RaFixture.provisioner("acme");
    private AcmeAccount account;

    @BeforeEach
    void start() {
        account = ra.account(p);
    }

    /** A ready order that "another instance" started finalizing with a CSR for {@code key}, then died. */
    private AcmeOrder abandonedFinalization(KeyPair key) {
        AcmeOrder ready = ra.readyOrder(p, account, request(IP));
        assertThat(ready.status()).isEqualTo(AcmeOrder.Status.READY);
        assertThat(ra.storage.startFinalization(new Finalization(ready.id(), "dead-instance", ra.clock.instant().plus(LEASE),
                RaFixture.csr(key, IP)))).isTrue();
        return ready;
    }

    @Test
    void aPollAfterTheLeaseFinishesTheOrderFromTheStoredCsr() throws Exception {
        KeyPair key = KeyType.EC_P256.generate();
        AcmeOrder o = abandonedFinalization(key);
        long before = ra.storage.countCertificates();

        ra.clock.advance(LEASE.minusMillis(1));
        assertThat(ra.orders.find(account, o.id()).status()).as("the lease is live").isEqualTo(AcmeOrder.Status.PROCESSING);
        assertThat(ra.storage.countCertificates()).isEqualTo(before);

        ra.clock.advance(Duration.ofMillis(1));
        AcmeOrder done = ra.orders.find(account, o.id());
        assertThat(done.status()).isEqualTo(AcmeOrder.Status.VALID);
        X509Certificate cert = Pem.toX509(ra.storage.findCertificate(done.certificateSerial()).orElseThrow().der());
        assertThat(cert.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(ra.storage.countCertificates()).isEqualTo(before + 1);
        assertThat(ra.orders.find(account, o.id())).as("final").isEqualTo(done);
        assertThat(ra.storage.countCertificates()).isEqualTo(before + 1);
    }

    @Test
    void theSweepFinishesOrdersNobodyPolls() {
        AcmeOrder first = abandonedFinalization(KeyType.EC_P256.generate());
        AcmeOrder second = abandonedFinalization(KeyType.EC_P256.generate());
        assertThat(ra.orders.resumeLapsedFinalizations(10)).isZero();

        ra.clock.advance(LEASE);
        assertThat(ra.orders.resumeLapsedFinalizations(10)).isEqualTo(2);
        assertThat(ra.storage.findOrder(first.id()).orElseThrow().status()).isEqualTo(AcmeOrder.Status.VALID);
        assertThat(ra.storage.findOrder(second.id()).orElseThrow().status()).isEqualTo(AcmeOrder.Status.VALID);
        assertThat(ra.orders.resumeLapsedFinalizations(10)).isZero();
    }

    @Test
    void anOrderWithoutAStoredCsrIsFailedCleanly() {
        AcmeOrder ready = ra.readyOrder(p, account, request(IP));
        // left processing by a version that kept no CSR
        assertThat(ra.storage.updateOrderStatus(ready.id(), AcmeOrder.Status.READY, AcmeOrder.Status.PROCESSING, null, null)).isTrue();

        AcmeOrder failed = ra.orders.find(account, ready.id());
        assertThat(failed.status()).isEqualTo(AcmeOrder.Status.INVALID);
        assertThat(failed.error()).isEqualTo(new ProblemDetail(Problem.SERVER_INTERNAL,
                "The order's finalization was interrupted; create a new order."));
        assertThat(failed.certificateSerial()).isNull();
    }

    /** The http-01 challenge of a new order, served correctly, that "another instance" took to processing and died. */
    private AcmeChallenge abandonedValidation() {
        AcmeOrder o = ra.orders.create(p, account, request(IP));
        AcmeChallenge c = http01(ra.authorizations.find(account, o.authorizationIds().get(0)));
        ra.http.serve(c.token(), keyAuthorization(account, c));
        assertThat(ra.storage.startValidation(c.id(), ra.clock.instant().plus(LEASE))).isTrue();
        return c;
    }

    @Test
    void aValidationLeftProcessingIsRunAgainAfterItsLease() {
        AcmeChallenge c = abandonedValidation();
        String authzId = c.authorizationId();

        ra.clock.advance(LEASE.minusMillis(1));
        assertThat(http01(ra.authorizations.find(account, authzId)).status()).isEqualTo(AcmeChallenge.Status.PROCESSING);
        assertThat(ra.authorizations.resumeValidations()).isZero();
        assertThat(ra.http.requests(c.token())).isZero();

        ra.clock.advance(Duration.ofMillis(1));
        ra.authorizations.find(account, authzId);
        AcmeAuthorization valid = ra.awaitValidation(authzId);
        assertThat(valid.status()).isEqualTo(AcmeAuthorization.Status.VALID);
        assertThat(ra.http.requests(c.token())).isEqualTo(1);
    }

    @Test
    void theSweepRunsAgainValidationsNobodyPolls() {
        String authzId = abandonedValidation().authorizationId();

        ra.clock.advance(LEASE);
        assertThat(ra.authorizations.resumeValidations()).isEqualTo(1);
        assertThat(ra.awaitValidation(authzId).status()).isEqualTo(AcmeAuthorization.Status.VALID);
        assertThat(ra.authorizations.resumeValidations()).isZero();
    }
}

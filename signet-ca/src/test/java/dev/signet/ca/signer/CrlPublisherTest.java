package dev.signet.ca.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.error.CaException;
import dev.signet.ca.storage.JdbcStorage;
import dev.signet.pki.KeyType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the publisher builds a new CRL: at start, after a revocation, at 3/4 of the validity, and when another instance
 * sharing the database revoked something; and that a failed build keeps the old CRL served. The clock is moved by
 * hand and the refresh called directly, except in one test that lets a real scheduler do it.
 */
class CrlPublisherTest {
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration CHECK = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    CrlFixture f;
    SimpleMeterRegistry metrics;
    CrlPublisher publisher;

    @BeforeEach
    void start() {
        f = new CrlFixture(dir, KeyType.EC_P256);
        metrics = new SimpleMeterRegistry();
        publisher = new CrlPublisher(new CrlSigner(f.ca, f.storage, f.clock, DAY), f.storage, f.clock, CHECK, null, metrics);
    }

    @AfterEach
    void stop() {
        publisher.close();
        f.close();
    }

    @Test
    void beforeStartThereIsNoCrlThenTheFirstIsEmpty() throws Exception {
        assertThatThrownBy(publisher::current).isInstanceOf(CaException.class).hasMessage("The CRL has not been built yet.");
        publisher.start();
        SignedCrl crl = publisher.current();
        assertThat(crl.entries()).isZero();
        assertThat(crl.thisUpdate()).isEqualTo(CrlFixture.T0);
        assertThat(metrics.get("signet.crl.generated").tag("outcome", "success").counter().count()).isEqualTo(1);
        assertThat(metrics.get("signet.crl.entries").gauge().value()).isZero();
        assertThat(metrics.get("signet.crl.next.update").gauge().value()).isEqualTo(CrlFixture.T0.plus(DAY).getEpochSecond());
    }

    @Test
    void aRevocationAnnouncedByThisInstanceIsListedAtOnce() throws Exception {
        publisher.start();
        X509Certificate cert = f.issue("revoked.test", DAY);
        long before = publisher.current().number();
        f.revoke(cert, 1);
        publisher.revoked();

        SignedCrl crl = publisher.current();
        assertThat(crl.number()).isEqualTo(before + 1);
        assertThat(serials(crl)).containsExactly(cert.getSerialNumber());
        assertThat(CrlSignerTest.parse(crl.der()).getRevokedCertificate(cert).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(metrics.get("signet.crl.entries").gauge().value()).isEqualTo(1);
        assertThat(publisher.current().number()).as("reads alone build nothing new").isEqualTo(before + 1);
    }

    @Test
    void theRefreshComesWhenThreeQuartersOfTheValidityHavePassed() throws Exception {
        publisher.start();
        long first = publisher.current().number();
        f.clock.advance(Duration.ofHours(17).plusMinutes(59));
        assertThat(publisher.refreshIfDue()).isFalse();
        assertThat(publisher.current().number()).isEqualTo(first);

        f.clock.advance(Duration.ofMinutes(1));
        assertThat(publisher.refreshIfDue()).isTrue();
        SignedCrl refreshed = publisher.current();
        assertThat(refreshed.number()).isEqualTo(first + 1);
        assertThat(refreshed.thisUpdate()).isEqualTo(CrlFixture.T0.plus(Duration.ofHours(18)));
        assertThat(refreshed.nextUpdate()).isEqualTo(CrlFixture.T0.plus(Duration.ofHours(42)));
        assertThat(publisher.refreshIfDue()).isFalse();
    }

    @Test
    void aRevocationByAnotherInstanceShowsUpOnAReadAfterTheCheckInterval() throws Exception {
        publisher.start();
        X509Certificate cert = f.issue("elsewhere.test", DAY);
        long first = publisher.current().number(); // this read checks storage; the next check is due in 5s
        try (JdbcStorage otherInstance = JdbcStorage.openSqlite(f.database)) {
            CrlFixture.revoke(otherInstance, f.clock.instant(), cert.getSerialNumber(), 3);
        }

        f.clock.advance(CHECK.minusMillis(1));
        assertThat(serials(publisher.current())).as("within the check interval storage is not asked").isEmpty();
        f.clock.advance(Duration.ofMillis(1));
        SignedCrl crl = publisher.current();
        assertThat(serials(crl)).containsExactly(cert.getSerialNumber());
        assertThat(crl.number()).isEqualTo(first + 1);
        f.clock.advance(CHECK);
        assertThat(publisher.current().number()).as("nothing new: no new build").isEqualTo(first + 1);
    }

    @Test
    void aCrlPastItsNextUpdateIsRebuiltOnRead() throws Exception {
        publisher.start();
        long first = publisher.current().number();
        f.clock.advance(DAY);
        SignedCrl crl = publisher.current();
        assertThat(crl.number()).isEqualTo(first + 1);
        assertThat(crl.thisUpdate()).isEqualTo(CrlFixture.T0.plus(DAY));
    }

    @Test
    void aFailedBuildKeepsTheOldCrlServed() throws Exception {
        JdbcStorage own = JdbcStorage.openSqlite(f.database);
        SimpleMeterRegistry counted = new SimpleMeterRegistry();
        CrlPublisher failing = new CrlPublisher(new CrlSigner(f.ca, own, f.clock, DAY), own, f.clock, CHECK, null, counted);
        failing.start();
        SignedCrl served = failing.current();
        X509Certificate cert = f.issue("unlisted.test", DAY);
        f.revoke(cert, 1);
        own.close(); // the database goes away under the publisher

        failing.revoked(); // 1st failure: after the revocation
        f.clock.advance(DAY);
        assertThat(failing.refreshIfDue()).isFalse(); // 2nd: the scheduled refresh
        assertThat(failing.current()).as("3rd: a read finds it past nextUpdate").isSameAs(served);
        assertThat(counted.get("signet.crl.generated").tag("outcome", "failure").counter().count()).isEqualTo(3);
        assertThat(counted.get("signet.crl.generated").tag("outcome", "success").counter().count()).isEqualTo(1);
        failing.close();
    }

    @Test
    void theSchedulerRefreshesBeforeNextUpdate() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            // CRL times have whole seconds; 4s of validity means a refresh about 3s after thisUpdate
            CrlPublisher scheduled = new CrlPublisher(new CrlSigner(f.ca, f.storage, Clock.systemUTC(), Duration.ofSeconds(4)),
                    f.storage, Clock.systemUTC(), CHECK, scheduler, new SimpleMeterRegistry());
            scheduled.start();
            long first = scheduled.current().number();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (scheduled.current().number() == first && System.nanoTime() < deadline) {
                Thread.sleep(50); // waiting for the scheduler
            }
            assertThat(scheduled.current().number()).isGreaterThan(first);
            assertThat(scheduled.current().nextUpdate()).isAfter(java.time.Instant.now());
            scheduled.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static List<BigInteger> serials(SignedCrl crl) throws Exception {
        X509CRL parsed = CrlSignerTest.parse(crl.der());
        return parsed.getRevokedCertificates() == null ? List.of()
                : parsed.getRevokedCertificates().stream().map(X509CRLEntry::getSerialNumber).toList();
    }
}

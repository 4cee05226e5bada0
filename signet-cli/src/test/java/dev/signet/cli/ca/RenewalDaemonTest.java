package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.testing.MutableClock;
import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.KeyType;
import dev.signet.pki.RenewalRule;
import dev.signet.pki.SubjectName;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The renewal daemon's schedule: 2/3 minus jitter, retry after failure, renew at once when woken (SIGHUP). */
class RenewalDaemonTest {
    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    private static final KeyPair KEY = KeyType.EC_P256.generate();

    private static X509Certificate cert(long serial, Instant notBefore, Duration lifetime) {
        return CertificateBuilder.selfSigned(new CertificateSpec(CertificateSpec.commonName("node"), KEY.getPublic(), BigInteger.valueOf(serial),
                notBefore, notBefore.plus(lifetime), CertificateProfile.LEAF, List.of(SubjectName.dns("node.example.test")), Set.of(),
                List.of()), KEY.getPrivate());
    }

    @Test
    void theRenewalTimeIsTwoThirdsMinusUpToFivePercentOfTheLifetime() {
        X509Certificate c = cert(1, T, Duration.ofHours(24));
        Instant twoThirds = T.plus(Duration.ofHours(16));
        assertThat(new RenewalDaemon(RenewalRule.twoThirds(), new MutableClock(T), () -> 0.0).nextRenewal(c)).isEqualTo(twoThirds);
        assertThat(new RenewalDaemon(RenewalRule.twoThirds(), new MutableClock(T), () -> 1.0).nextRenewal(c))
                .isEqualTo(twoThirds.minus(Duration.ofMinutes(72)));
        assertThat(new RenewalDaemon(RenewalRule.twoThirds(), new MutableClock(T), () -> 0.5).nextRenewal(c))
                .isEqualTo(twoThirds.minus(Duration.ofMinutes(36)));
    }

    @Test
    void aDueCertificateIsRenewedAFailureIsRetriedAndAWakeUpRenewsAtOnce() throws Exception {
        MutableClock clock = new MutableClock(T.plus(Duration.ofHours(20)));
        RenewalDaemon daemon = new RenewalDaemon(RenewalRule.twoThirds(), clock, () -> 0.0);
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch secondAttempt = new CountDownLatch(2);
        CountDownLatch thirdAttempt = new CountDownLatch(3);
        List<String> log = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try {
                daemon.run(cert(1, T, Duration.ofHours(24)), () -> {
                    int n = attempts.incrementAndGet();
                    secondAttempt.countDown();
                    thirdAttempt.countDown();
                    if (n == 1) throw new IllegalStateException("The CA is down.");
                    return cert(n, clock.instant(), Duration.ofHours(24)); // fresh: next renewal 16h away
                }, log::add);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        try {
            // the first attempt fails; the retry is a minute later, which the clock jumps to
            assertThat(pollUntil(() -> attempts.get() == 1)).isTrue();
            clock.advance(RenewalDaemon.RETRY);
            daemon.wake(); // the daemon waits on the real clock; waking it makes it look at the moved one
            assertThat(secondAttempt.await(5, TimeUnit.SECONDS)).isTrue();
            // renewed: nothing happens until the next due time, unless woken (SIGHUP)
            assertThat(pollUntil(() -> log.size() == 3)).isTrue();
            assertThat(attempts.get()).isEqualTo(2);
            daemon.wake();
            assertThat(thirdAttempt.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            daemon.stop();
            t.join(5000);
        }
        assertThat(t.isAlive()).isFalse();
        assertThat(log.get(0)).isEqualTo("Next renewal at " + T.plus(Duration.ofHours(16)) + ".");
        assertThat(log.get(1)).isEqualTo("Renewal failed: The CA is down. Retrying at " + T.plus(Duration.ofHours(20)).plus(RenewalDaemon.RETRY) + ".");
        assertThat(log.get(2)).startsWith("Renewed: serial 2, valid until ");
    }

    private static boolean pollUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(10);
        }
        return false;
    }
}

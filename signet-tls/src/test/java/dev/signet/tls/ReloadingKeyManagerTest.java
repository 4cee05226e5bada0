package dev.signet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.KeyType;
import dev.signet.pki.SerialNumbers;
import dev.signet.pki.SubjectName;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * Hot reload under load: clients keep making new TLS handshakes while the server's certificate is swapped many times
 * (also between key types); no handshake fails, each presents a whole matching chain, and the served serials change.
 */
class ReloadingKeyManagerTest {
    private static final KeyPair CA_KEY = KeyType.EC_P256.generate();
    private static final X509Certificate CA = CertificateBuilder.selfSigned(new CertificateSpec(CertificateSpec.commonName("Test CA"),
            CA_KEY.getPublic(), SerialNumbers.random(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)),
            CertificateProfile.ROOT_CA, List.of(), Set.of(), List.of()), CA_KEY.getPrivate());

    private static CertifiedKey leaf(KeyType type) {
        KeyPair pair = type.generate();
        X509Certificate cert = CertificateBuilder.issue(new CertificateSpec(CertificateSpec.commonName(null), pair.getPublic(),
                SerialNumbers.random(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(1)), CertificateProfile.LEAF,
                List.of(SubjectName.dns("localhost"), SubjectName.ip("127.0.0.1")), Set.of(), List.of()), CA, CA_KEY.getPrivate());
        return new CertifiedKey(List.of(cert, CA), pair.getPrivate());
    }

    @Test
    void rotatingManyTimesUnderContinuousHandshakesLosesNone() throws Exception {
        ReloadingKeyManager keys = new ReloadingKeyManager(leaf(KeyType.EC_P256));
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[] {keys}, null, null);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new ReloadingTrustManager(List.of(CA))}, null);

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread acceptor = new Thread(() -> {
                // serves until the listener closes, after the clients stopped: a client that connects just after
                // running turns false still gets its handshake (it waited forever, and the clients never finished)
                while (!listener.isClosed()) {
                    try {
                        SSLSocket s = (SSLSocket) listener.accept();
                        Thread t = new Thread(() -> {
                            try (s) {
                                s.startHandshake();
                                s.getOutputStream().write(1);
                                s.getOutputStream().flush();
                            } catch (IOException ignored) {
                                // the client closed; a failed handshake shows on the client side
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger handshakes = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
            CountDownLatch clientsDone = new CountDownLatch(2);
            for (int c = 0; c < 2; c++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                            var params = s.getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            s.setSSLParameters(params);
                            s.startHandshake();
                            X509Certificate presented = (X509Certificate) s.getSession().getPeerCertificates()[0];
                            seen.add(presented.getSerialNumber());
                            if (s.getInputStream().read() != 1) failures.incrementAndGet();
                            s.getSession().invalidate(); // a resumed session would skip the certificate exchange
                            handshakes.incrementAndGet();
                        } catch (IOException e) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                        }
                    }
                    clientsDone.countDown();
                });
                t.setDaemon(true);
                t.start();
            }

            int rotations = 30;
            for (int i = 0; i < rotations; i++) {
                CertifiedKey next = leaf(i % 3 == 2 ? KeyType.RSA_2048 : KeyType.EC_P256);
                keys.swap(next);
                int before = handshakes.get();
                for (int w = 0; w < 500 && handshakes.get() < before + 3; w++) Thread.sleep(2); // let some handshakes see it
            }
            running.set(false);
            assertThat(clientsDone.await(20, TimeUnit.SECONDS)).isTrue();

            assertThat(failures.get()).as("failed handshakes out of %d; first: %s", handshakes.get(), firstFailure.get()).isZero();
            assertThat(handshakes.get()).isGreaterThan(rotations * 3);
            assertThat(seen).as("distinct serials served").hasSizeGreaterThan(rotations / 2);
        }
    }

    @Test
    void aKeyTypeThatDoesNotMatchIsNotOffered() {
        ReloadingKeyManager keys = new ReloadingKeyManager(leaf(KeyType.EC_P256));
        assertThat(keys.chooseServerAlias("RSA", null, null)).isNull();
        String alias = keys.chooseServerAlias("EC", null, null);
        assertThat(keys.getCertificateChain(alias)[0]).isEqualTo(keys.current().leaf());
        CertifiedKey before = keys.current();
        keys.swap(leaf(KeyType.EC_P256));
        assertThat(keys.getPrivateKey(alias)).as("a racing handshake still gets the key of the chain it chose").isEqualTo(before.key());
        assertThat(keys.chooseServerAlias("EC", null, null)).isNotEqualTo(alias);
    }

    @Test
    void aHandshakeRacingASwapBetweenKeyTypesStillFindsACertificate() {
        ReloadingKeyManager keys = new ReloadingKeyManager(leaf(KeyType.EC_P256));
        String ec = keys.chooseServerAlias("EC", null, null);
        keys.swap(leaf(KeyType.RSA_2048));
        assertThat(keys.chooseServerAlias("EC", null, null)).as("the EC certificate swapped out a moment ago").isEqualTo(ec);
        assertThat(keys.chooseServerAlias("RSA", null, null)).isNotEqualTo(ec);
        assertThat(keys.chooseServerAlias("EdDSA", null, null)).as("no certificate of that type was ever served").isNull();
    }
}

package dev.signet.bench;

import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.tls.CertifiedKey;
import dev.signet.tls.ReloadingKeyManager;
import dev.signet.tls.SignetTls;
import dev.signet.tls.config.TlsConfig;
import dev.signet.tls.config.TlsConfigParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Prints the signet-tls figures of issue 5 (figures, not assertions):
 * <ol>
 *   <li>cold start: from {@code SignetTls.server(config).start()} to the first handshake served with the ACME
 *       certificate, against a Signet CA on loopback, with an empty {@code storage_path} (account registration,
 *       order, http-01 validation, issuance) and with a stored certificate (a restart); the first run in the JVM is
 *       reported apart because it pays for class loading;</li>
 *   <li>handshakes per second over loopback (TLS 1.3, full handshakes, P-256) with a static JDK key manager, with the
 *       reloading key manager, and with the reloading key manager while the certificate is swapped every 100 ms.</li>
 * </ol>
 * Usage: {@code java -cp signet-bench.jar dev.signet.bench.TlsBench [SECONDS_PER_HANDSHAKE_RUN] [CLIENT_THREADS]}
 */
public final class TlsBench {
    private TlsBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("signet-bench");
        System.out.printf(Locale.ROOT, "java %s, %d cores%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
        try (SignetAcmeServer ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(), null)) {
            coldStart(ca, dir);
            handshakes(ca, dir, seconds, threads);
        }
    }

    private static TlsConfig config(SignetAcmeServer ca, Path storage) {
        String json = """
                {"security": {"tls": {"server": {"enabled": true, "mode": "acme",
                  "acme": {"enabled": true, "directory_url": "%s", "domains": ["localhost"], "storage_path": "%s",
                           "ca_bundle": "%s", "http01_address": "127.0.0.1:%d"}}}}}"""
                .formatted(ca.directory("acme"), storage, ca.rootPem(), ca.http01Port());
        return TlsConfigParser.parse(json.getBytes(StandardCharsets.UTF_8), "bench");
    }

    private static SSLContext client(SignetAcmeServer ca) {
        String json = """
                {"security": {"tls": {"client": {"ca_files": ["%s"]}}}}""".formatted(ca.rootPem());
        return SignetTls.client(TlsConfigParser.parse(json.getBytes(StandardCharsets.UTF_8), "bench")).start().sslContext();
    }

    private static void coldStart(SignetAcmeServer ca, Path dir) throws Exception {
        SSLContext client = client(ca);
        List<Double> fresh = new ArrayList<>();
        List<Double> restart = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Path storage = dir.resolve("cold-" + i);
            fresh.add(startAndHandshake(ca, storage, client));
            restart.add(startAndHandshake(ca, storage, client));
        }
        System.out.printf(Locale.ROOT, "cold start, empty storage_path (register, order, http-01, issue, first handshake): first in JVM %.0f ms, median of next 10 %.0f ms%n",
                fresh.get(0), median(fresh.subList(1, fresh.size())));
        System.out.printf(Locale.ROOT, "cold start, stored certificate (restart, first handshake): first in JVM %.0f ms, median of next 10 %.0f ms%n",
                restart.get(0), median(restart.subList(1, restart.size())));
    }

    private static double startAndHandshake(SignetAcmeServer ca, Path storage, SSLContext client) throws Exception {
        long t0 = System.nanoTime();
        try (SignetTls tls = SignetTls.server(config(ca, storage)).start(); Listener l = new Listener(tls.sslContext())) {
            handshake(client, l.port());
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static void handshakes(SignetAcmeServer ca, Path dir, int seconds, int threads) throws Exception {
        SSLContext client = client(ca);
        try (SignetTls tls = SignetTls.server(config(ca, dir.resolve("hs"))).start()) {
            CertifiedKey key = tls.certificate();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("k", key.key(), new char[0], key.chain().toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            SSLContext staticCtx = SSLContext.getInstance("TLS");
            staticCtx.init(kmf.getKeyManagers(), null, null);
            ReloadingKeyManager reloading = new ReloadingKeyManager(key);
            SSLContext reloadingCtx = SSLContext.getInstance("TLS");
            reloadingCtx.init(new KeyManager[] {reloading}, null, null);

            for (int round = 0; round < 2; round++) { // round 0 warms up
                double s = rate(staticCtx, client, seconds, threads, null);
                double r = rate(reloadingCtx, client, seconds, threads, null);
                double rs = rate(reloadingCtx, client, seconds, threads, () -> reloading.swap(key));
                if (round == 1) {
                    System.out.printf(Locale.ROOT, "handshakes/s over loopback, %d client threads, %d s each: static key manager %.0f, reloading %.0f (%+.1f%%), reloading with a swap every 100 ms %.0f (%+.1f%%)%n",
                            threads, seconds, s, r, 100 * (r - s) / s, rs, 100 * (rs - s) / s);
                }
            }
        }
    }

    private static double rate(SSLContext server, SSLContext client, int seconds, int threads, Runnable swap) throws Exception {
        try (Listener l = new Listener(server)) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            handshake(client, l.port());
                            done.incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                });
                t.start();
                ts.add(t);
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(100);
                if (swap != null) swap.run();
            }
            running.set(false);
            for (Thread t : ts) t.join();
            if (failed.get() > 0) System.out.printf(Locale.ROOT, "  (%d handshakes failed)%n", failed.get());
            return done.get() / (double) seconds;
        }
    }

    private static void handshake(SSLContext client, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("localhost", port)) {
            s.setTcpNoDelay(true);
            s.startHandshake();
            if (s.getInputStream().read() != 1) throw new IOException("no byte");
            s.getSession().invalidate();
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    /** A loopback TLS server that completes each handshake and writes one byte. */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket socket;

        Listener(SSLContext ctx) throws IOException {
            socket = ctx.getServerSocketFactory().createServerSocket(0, 200, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread c = new Thread(() -> {
                            try (s) {
                                s.setTcpNoDelay(true); // no Nagle wait between the session ticket and the byte
                                ((SSLSocket) s).startHandshake();
                                s.getOutputStream().write(1);
                                s.getOutputStream().flush();
                            } catch (IOException ignored) {
                                // a client that gave up: counted on its side
                            }
                        });
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

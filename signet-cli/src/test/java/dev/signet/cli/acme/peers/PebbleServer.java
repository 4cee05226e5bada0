package dev.signet.cli.acme.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test fixture: one Pebble ACME server plus its pebble-challtestsrv DNS server, all on free loopback ports, state in
 * the given directory. Every name resolves to 127.0.0.1 (A only, no AAAA). Pebble validates http-01 on
 * {@link #http01()} and tls-alpn-01 on {@link #tlsAlpn01()}; because those ports are fixed per Pebble, start one
 * Pebble per peer that runs concurrently. Pebble's HTTPS certificate is signed by a throwaway root,
 * {@link #caBundle()}. Authorization reuse is off, so that a renewal answers its challenges again.
 */
public final class PebbleServer implements AutoCloseable {
    public static final String PEBBLE = "pebble";
    public static final String CHALLTESTSRV = "pebble-challtestsrv";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path caBundle;
    private final HttpClient https;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private int dnsPort, challtestsrvManagementPort, acmePort, managementPort, httpPort, tlsPort;

    private PebbleServer(Path dir) throws IOException, GeneralSecurityException {
        this.dir = Files.createDirectories(dir.toAbsolutePath());
        this.caBundle = writeTlsCertificates(this.dir);
        this.https = HttpClient.newBuilder()
                .sslContext(trusting(caBundle))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    public static boolean installed() {
        return PeerProcess.onPath(PEBBLE) && PeerProcess.onPath(CHALLTESTSRV);
    }

    /** Starts challtestsrv and Pebble and waits until Pebble serves its directory; retries with new ports. */
    public static PebbleServer start(Path dir) throws Exception {
        PebbleServer server = new PebbleServer(dir);
        for (int attempt = 1; ; attempt++) {
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                server.stopProcesses();
                if (attempt == 3) {
                    throw new IllegalStateException(e.getMessage() + "\n" + server.logs(), e);
                }
            }
        }
    }

    public URI directory() {
        return URI.create("https://" + LOOPBACK + ":" + acmePort + "/dir");
    }

    /** PEM root that signs Pebble's HTTPS certificate (not the root of the certificates Pebble issues). */
    public Path caBundle() {
        return caBundle;
    }

    public Challenge.Http01 http01() {
        return new Challenge.Http01(LOOPBACK, httpPort);
    }

    public Challenge.TlsAlpn01 tlsAlpn01() {
        return new Challenge.TlsAlpn01(LOOPBACK, tlsPort);
    }

    /** dns-01 through challtestsrv: its DNS server and its management API (set-txt/clear-txt). */
    public Challenge.Dns01 dns01() {
        return new Challenge.Dns01(LOOPBACK + ":" + dnsPort, URI.create("http://" + LOOPBACK + ":" + challtestsrvManagementPort));
    }

    /** Pebble's view of a certificate it issued: {@code Valid} or {@code Revoked}. */
    public String certificateStatus(BigInteger serial) throws IOException, InterruptedException {
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(
                        URI.create("https://" + LOOPBACK + ":" + managementPort + "/cert-status-by-serial/" + serial.toString(16)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Pebble knows no certificate " + serial.toString(16) + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("Status").asText();
    }

    /** Writes the root that signs the certificates Pebble issues (its management API's {@code /roots/0}) to {@code file}. */
    public Path issuingRoot(Path file) throws IOException, InterruptedException {
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(
                        URI.create("https://" + LOOPBACK + ":" + managementPort + "/roots/0"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException("Pebble did not give its root: " + response.statusCode());
        Files.writeString(file, response.body());
        return file;
    }

    /** The output of both servers, for assertion messages. */
    public String logs() {
        return "--- pebble ---\n" + read(dir.resolve("pebble.log")) + "--- pebble-challtestsrv ---\n" + read(dir.resolve("challtestsrv.log"));
    }

    @Override
    public void close() {
        stopProcesses();
    }

    private void launch() throws Exception {
        dnsPort = freePort();
        challtestsrvManagementPort = freePort();
        acmePort = freePort();
        managementPort = freePort();
        httpPort = freePort();
        tlsPort = freePort();

        start(List.of(CHALLTESTSRV,
                "-management", LOOPBACK + ":" + challtestsrvManagementPort,
                "-dns01", LOOPBACK + ":" + dnsPort,
                "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-defaultIPv4", LOOPBACK, "-defaultIPv6", ""), dir.resolve("challtestsrv.log"), false);
        HttpRequest setDefault = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + challtestsrvManagementPort + "/set-default-ipv4"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"ip\":\"" + LOOPBACK + "\"}"))
                .timeout(Duration.ofSeconds(2)).build();
        awaitOk(http, setDefault, "pebble-challtestsrv");

        ObjectNode pebble = JSON.createObjectNode();
        ObjectNode settings = pebble.putObject("pebble");
        settings.put("listenAddress", LOOPBACK + ":" + acmePort);
        settings.put("managementListenAddress", LOOPBACK + ":" + managementPort);
        settings.put("certificate", dir.resolve("tls-cert.pem").toString());
        settings.put("privateKey", dir.resolve("tls-key.pem").toString());
        settings.put("httpPort", httpPort);
        settings.put("tlsPort", tlsPort);
        settings.put("ocspResponderURL", "");
        settings.put("externalAccountBindingRequired", false);
        Path config = dir.resolve("pebble-config.json");
        Files.writeString(config, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(pebble));
        start(List.of(PEBBLE, "-config", config.toString(), "-dnsserver", LOOPBACK + ":" + dnsPort),
                dir.resolve("pebble.log"), true);
        awaitOk(https, HttpRequest.newBuilder(directory()).timeout(Duration.ofSeconds(2)).build(), "pebble");
    }

    private void start(List<String> command, Path log, boolean pebble) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (pebble) {
            builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
            builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
            builder.environment().put("PEBBLE_AUTHZREUSE", "0");
        }
        Process process = builder.start();
        process.getOutputStream().close();
        processes.add(process);
    }

    /** Polls until the request answers 200, failing early if one of our processes died. */
    private void awaitOk(HttpClient client, HttpRequest request, String what) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) throw new IllegalStateException(what + " is not running: " + p.info().commandLine().orElse("") + " exited " + p.exitValue());
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) return;
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(what + " did not get ready within " + STARTUP + ": " + last);
    }

    private void stopProcesses() {
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.clear();
    }

    private static int freePort() {
        return dev.signet.ca.testing.Ports.free();
    }

    /** Writes a throwaway root and a 127.0.0.1/localhost server certificate for Pebble; returns the root's file. */
    private static Path writeTlsCertificates(Path dir) throws IOException, GeneralSecurityException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair rootKey = generator.generateKeyPair();
            KeyPair serverKey = generator.generateKeyPair();
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
            Date notAfter = Date.from(now.plus(Duration.ofDays(2)));
            SecureRandom random = new SecureRandom();

            X500Name rootName = new X500Name("CN=Pebble test TLS root");
            JcaX509v3CertificateBuilder root = new JcaX509v3CertificateBuilder(
                    rootName, new BigInteger(64, random), notBefore, notAfter, rootName, rootKey.getPublic());
            root.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            root.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate rootCert = new JcaX509CertificateConverter().getCertificate(
                    root.build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.getPrivate())));

            JcaX509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(
                    rootName, new BigInteger(64, random), notBefore, notAfter, new X500Name("CN=localhost"), serverKey.getPublic());
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, LOOPBACK)}));
            X509Certificate serverCert = new JcaX509CertificateConverter().getCertificate(
                    server.build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.getPrivate())));

            Path bundle = dir.resolve("tls-root.pem");
            Files.writeString(bundle, pem(rootCert));
            Files.writeString(dir.resolve("tls-cert.pem"), pem(serverCert) + pem(rootCert));
            Files.writeString(dir.resolve("tls-key.pem"), pem(new JcaPKCS8Generator(serverKey.getPrivate(), null)));
            return bundle;
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static SSLContext trusting(Path caBundle) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(caBundle)))) {
            trust.setCertificateEntry("ca" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.signet.cli.acme;

import dev.signet.tls.acme.AcmeTrust;
import dev.signet.tls.acme.Http01Responder;
import dev.signet.tls.acme.TlsAlpn01Responder;
import dev.signet.tls.acme.TlsAlpnChallenges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.signet.ca.config.CrlConfig;
import dev.signet.ca.testing.Peers;
import dev.signet.cli.Https;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The CRL of a real Signet CA: {@code GET /crl} and {@code /crl?pem} over HTTPS, the plain-HTTP listener of
 * {@code crl.httpAddress}, the distribution point in ACME-issued certificates, a revocation through ACME (acme4j)
 * that the next CRL lists, and openssl as an outside peer reading the CRL and refusing the revoked certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrlOverHttpsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir static Path dir;
    SignetAcmeServer ca;
    Http01Responder http;
    HttpClient https;
    HttpClient plain;
    /** The distribution point issued certificates name; nothing resolves it, the test fetches from the listener. */
    static final String DISTRIBUTION_POINT = "http://crl.signet.test:9001/crl";
    String plainCrl;
    X509Certificate intermediate;

    @BeforeAll
    void start() throws Exception {
        AcmeTrust.installBouncyCastle();
        ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(), null,
                new CrlConfig(true, DISTRIBUTION_POINT, Duration.ofHours(1), "127.0.0.1:0"));
        plainCrl = "http://127.0.0.1:" + ca.server().crlHttpPort() + "/crl";
        http = new Http01Responder(new InetSocketAddress("127.0.0.1", ca.http01Port()));
        https = Https.trusting(List.of(ca.root()));
        plain = HttpClient.newHttpClient();
        intermediate = Pem.readCertificate(ca.home().intermediateCert());
    }

    @AfterAll
    void stop() {
        if (http != null) http.close();
        if (ca != null) ca.close();
    }

    @Test
    void derAndPemOverHttpsAreTheCasSignedCrl() throws Exception {
        HttpResponse<byte[]> der = get(https, ca.baseUrl() + "/crl");
        assertThat(der.statusCode()).isEqualTo(200);
        assertThat(der.headers().firstValue("content-type")).hasValue("application/pkix-crl");
        assertThat(der.headers().firstValue("cache-control").orElseThrow()).matches("public, max-age=(3[0-5]\\d\\d|3600|[12]?\\d{1,3})");
        X509CRL crl = parse(der.body());
        assertThatCode(() -> crl.verify(intermediate.getPublicKey())).doesNotThrowAnyException();
        assertThat(crl.getIssuerX500Principal()).isEqualTo(intermediate.getSubjectX500Principal());
        assertThat(Duration.between(crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant())).isEqualTo(Duration.ofHours(1));

        HttpResponse<byte[]> pem = get(https, ca.baseUrl() + "/crl?pem");
        assertThat(pem.statusCode()).isEqualTo(200);
        assertThat(pem.headers().firstValue("content-type")).hasValue("application/x-pem-file");
        String text = new String(pem.body(), StandardCharsets.US_ASCII);
        assertThat(text).startsWith("-----BEGIN X509 CRL-----\n").endsWith("-----END X509 CRL-----\n");
        assertThat(parse(pem.body()).getIssuerX500Principal()).isEqualTo(intermediate.getSubjectX500Principal());
    }

    @Test
    void thePlainHttpListenerServesOnlyTheCrl() throws Exception {
        HttpResponse<byte[]> crl = get(plain, plainCrl);
        assertThat(crl.statusCode()).isEqualTo(200);
        assertThat(crl.headers().firstValue("content-type")).hasValue("application/pkix-crl");
        assertThatCode(() -> parse(crl.body()).verify(intermediate.getPublicKey())).doesNotThrowAnyException();
        String base = plainCrl.substring(0, plainCrl.length() - "/crl".length());
        assertThat(get(plain, base + "/health").statusCode()).isEqualTo(404);
        assertThat(get(plain, base + "/roots.pem").statusCode()).isEqualTo(404);
        assertThat(get(plain, base + "/acme/acme/directory").statusCode()).isEqualTo(404);
        assertThat(ca.server().crlHttpPort()).isNotEqualTo(ca.server().port()).isPositive();
    }

    @Test
    void anAcmeRevocationIsInTheNextCrlAndOpenSslRefusesTheCertificate() throws Exception {
        Session session = new Session(ca.directory("acme"), AcmeTrust.trusting(List.of(ca.root())));
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(KeyPairUtils.createECKeyPair("secp256r1"))
                .create(session);
        KeyPair revokedKey = KeyType.EC_P256.generate();
        X509Certificate revoked = new AcmeObtainer(session, WAIT).obtain(account, List.of("localhost"), revokedKey, http, null).get(0);
        X509Certificate kept = new AcmeObtainer(session, WAIT).obtain(account, List.of("localhost"), KeyType.EC_P256.generate(), http, null).get(0);
        assertThat(distributionPoints(revoked)).containsExactly(DISTRIBUTION_POINT);
        assertThat(parse(get(https, ca.baseUrl() + "/crl").body()).isRevoked(revoked)).isFalse();

        Certificate.revoke(session, revokedKey, revoked, RevocationReason.KEY_COMPROMISE);

        X509CRL overHttps = parse(get(https, ca.baseUrl() + "/crl").body());
        assertThat(overHttps.getRevokedCertificate(revoked)).isNotNull();
        assertThat(overHttps.getRevokedCertificate(revoked).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(overHttps.isRevoked(kept)).isFalse();
        byte[] fromDistributionPoint = get(plain, plainCrl).body(); // what a relying party gets from the distribution point
        assertThat(parse(fromDistributionPoint).isRevoked(revoked)).isTrue();
        String metrics = Https.get(https, ca.baseUrl() + "/metrics").body();
        assertThat(metrics).containsPattern("signet_crl_generated_total\\{outcome=\"success\"} [2-9]")
                .containsPattern("signet_crl_entries [1-9]");

        Path crlDer = Files.write(dir.resolve("crl.der"), fromDistributionPoint);
        Peers.Result text = Peers.run(List.of("openssl", "crl", "-inform", "DER", "-in", crlDer.toString(), "-text", "-noout"));
        assertThat(text.exit()).as(text.output()).isZero();
        String hex = revoked.getSerialNumber().toString(16).toUpperCase();
        if (hex.length() % 2 == 1) hex = "0" + hex; // openssl prints whole bytes
        assertThat(text.output()).contains("Serial Number: " + hex)
                .contains("Key Compromise");

        Path crlPem = Files.writeString(dir.resolve("crl.pem"), new String(get(https, ca.baseUrl() + "/crl?pem").body(), StandardCharsets.US_ASCII));
        Path revokedPem = Files.writeString(dir.resolve("revoked.pem"), Pem.encodeCertificate(revoked));
        Path keptPem = Files.writeString(dir.resolve("kept.pem"), Pem.encodeCertificate(kept));
        Peers.Result refused = openSslVerify(crlPem, revokedPem);
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
        Peers.Result accepted = openSslVerify(crlPem, keptPem);
        assertThat(accepted.exit()).as(accepted.output()).isZero();
        assertThat(accepted.output().trim()).isEqualTo(keptPem + ": OK");
    }

    @Test
    void aDisabledCrlIsNotServed() throws Exception {
        try (SignetAcmeServer off = SignetAcmeServer.start(dir.resolve("off"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(),
                null, new CrlConfig(false, null, null, null))) {
            assertThat(off.server().crl()).isNull();
            assertThat(off.server().crlHttpPort()).isEqualTo(-1);
            HttpResponse<byte[]> r = get(Https.trusting(List.of(off.root())), off.baseUrl() + "/crl");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("There is nothing at /crl.");
        }
    }

    private Peers.Result openSslVerify(Path crl, Path leaf) throws Exception {
        return Peers.run(List.of("openssl", "verify", "-crl_check", "-CRLfile", crl.toString(), "-CAfile", ca.rootPem().toString(),
                "-untrusted", ca.home().intermediateCert().toString(), leaf.toString()));
    }

    private static HttpResponse<byte[]> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static X509CRL parse(byte[] encoded) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(encoded));
    }

    private static List<String> distributionPoints(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (ext == null) return List.of();
        List<String> urls = new java.util.ArrayList<>();
        for (DistributionPoint p : CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getDistributionPoints()) {
            for (GeneralName n : GeneralNames.getInstance(p.getDistributionPoint().getName()).getNames()) {
                urls.add(n.getName().toString());
            }
        }
        return urls;
    }
}

package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signet.ca.home.JwkProvisionerKeys;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.cli.CliRun;
import dev.signet.cli.Https;
import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.pki.CertificationRequests;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SubjectName;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node certificates the seed-002 way against a real CA over loopback, through the CLI: bootstrap by fingerprint,
 * one-time tokens, {@code /sign}, renewal over mTLS, revocation by token and by the certificate itself; and the
 * token edge cases sent to {@code /sign} directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeCertificateCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static SignetAcmeServer ca;
    static Path node;
    static Path password;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(), null);
        node = dir.resolve("node-home");
        password = dir.resolve("password");
        Files.writeString(password, SignetAcmeServer.JWK_PASSWORD);
        CliRun boot = cli("ca", "bootstrap", "--ca-url", ca.baseUrl(), "--fingerprint", Fingerprints.sha256(ca.root()), "--home", node.toString());
        assertThat(boot.exit()).as(boot.err()).isZero();
        client = Https.trusting(List.of(ca.root()));
    }

    @AfterAll
    static void stop() {
        if (ca != null) ca.close();
    }

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    void bootstrapPinsTheRootAndWritesDefaults() throws Exception {
        JsonNode defaults = JSON.readTree(node.resolve("config/defaults.json").toFile());
        assertThat(defaults.get("ca-url").asText()).isEqualTo(ca.baseUrl());
        assertThat(Pem.readCertificate(node.resolve("certs/root_ca.crt"))).isEqualTo(ca.root());
        CliRun wrong = cli("ca", "bootstrap", "--ca-url", ca.baseUrl(), "--fingerprint", "00".repeat(32), "--home", dir.resolve("x").toString());
        assertThat(wrong.exit()).isOne();
        assertThat(wrong.err()).startsWith("error: The CA at " + ca.baseUrl() + " has no root with fingerprint");
    }

    @Test
    void aTokenGetsACertificateWithExactlyItsNamesAndTheKeyStaysHere() throws Exception {
        CliRun token = cli("ca", "token", "etcd-1.example.test", "--provisioner", "node", "--password-file", password.toString(),
                "--san", "etcd-1.example.test", "--san", "127.0.0.1", "--home", node.toString());
        assertThat(token.exit()).as(token.err()).isZero();
        Path crt = dir.resolve("etcd-1.crt");
        Path key = dir.resolve("etcd-1.key");
        CliRun cert = cli("ca", "certificate", "etcd-1.example.test", crt.toString(), key.toString(), "--token", token.out().trim(),
                "--san", "127.0.0.1", "--home", node.toString());
        assertThat(cert.exit()).as(cert.err()).isZero();
        X509Certificate leaf = Pem.readCertificates(crt).get(0);
        assertThat(leaf.getSubjectAlternativeNames()).extracting(l -> String.valueOf(l.get(1))).containsExactlyInAnyOrder("etcd-1.example.test", "127.0.0.1");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())).isEqualTo(Duration.ofHours(24).plusMinutes(1));

        CliRun replay = cli("ca", "certificate", "etcd-1.example.test", dir.resolve("r.crt").toString(), dir.resolve("r.key").toString(),
                "--token", token.out().trim(), "--san", "127.0.0.1", "--home", node.toString());
        assertThat(replay.exit()).isOne();
        assertThat(replay.err()).contains("has already been used");
    }

    @Test
    void renewKeepsKeyNamesAndModeAndARevokedCertificateCannotRenew() throws Exception {
        Path crt = dir.resolve("renew.crt");
        Path key = dir.resolve("renew.key");
        obtain("renew.example.test", crt, key);
        Files.setPosixFilePermissions(crt, PosixFilePermissions.fromString("rw-r-----"));
        X509Certificate before = Pem.readCertificates(crt).get(0);

        CliRun notDue = cli("ca", "renew", crt.toString(), key.toString(), "--home", node.toString());
        assertThat(notDue.exit()).isZero();
        assertThat(notDue.out()).contains("is not due for renewal");
        assertThat(Pem.readCertificates(crt).get(0)).isEqualTo(before);

        CliRun renew = cli("ca", "renew", crt.toString(), key.toString(), "--force", "--home", node.toString());
        assertThat(renew.exit()).as(renew.err()).isZero();
        X509Certificate after = Pem.readCertificates(crt).get(0);
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getPublicKey()).isEqualTo(before.getPublicKey());
        assertThat(List.copyOf(after.getSubjectAlternativeNames())).isEqualTo(List.copyOf(before.getSubjectAlternativeNames()));
        assertThat(Files.getPosixFilePermissions(crt)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));

        CliRun revoke = cli("ca", "revoke", "--cert", crt.toString(), "--key", key.toString(), "--reason", "4", "--home", node.toString());
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        CertificateRecord record = ca.server().storage().findCertificate(after.getSerialNumber()).orElseThrow();
        assertThat(record.status()).isEqualTo(CertificateRecord.Status.REVOKED);
        assertThat(record.revocationReason()).isEqualTo(4);

        CliRun again = cli("ca", "renew", crt.toString(), key.toString(), "--force", "--home", node.toString());
        assertThat(again.exit()).isOne();
        assertThat(again.err()).isEqualTo("error: The CA at " + ca.baseUrl() + " refused /1.0/renew: The certificate "
                + after.getSerialNumber() + " is revoked and cannot be renewed.\n");
    }

    @Test
    void aCertificateFromElsewhereCannotRenew() throws Exception {
        var key = KeyType.EC_P256.generate();
        X509Certificate foreign = dev.signet.pki.CertificateBuilder.selfSigned(new dev.signet.pki.CertificateSpec(
                dev.signet.pki.CertificateSpec.commonName("foreign"), key.getPublic(), java.math.BigInteger.TEN, Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), dev.signet.pki.CertificateProfile.LEAF, List.of(SubjectName.dns("foreign.example.test")),
                Set.of(), List.of()), key.getPrivate());
        Path crt = dir.resolve("foreign.crt");
        Path keyFile = dir.resolve("foreign.key");
        Files.writeString(crt, Pem.encodeCertificate(foreign));
        Files.writeString(keyFile, Pem.encodePrivateKey(key.getPrivate(), null));
        CliRun renew = cli("ca", "renew", crt.toString(), keyFile.toString(), "--force", "--home", node.toString());
        assertThat(renew.exit()).isOne();
        // the CA's TLS layer refuses the client certificate, so no request is ever answered
        assertThat(renew.err()).startsWith("error: ");
        assertThat(renew.err()).doesNotContain("Your certificate has been saved");
        assertThat(Pem.readCertificates(crt).get(0)).isEqualTo(foreign);
    }

    @Test
    void revokeBySerialWithAMintedToken() throws Exception {
        Path crt = dir.resolve("rev.crt");
        obtain("rev.example.test", crt, dir.resolve("rev.key"));
        String serial = Pem.readCertificates(crt).get(0).getSerialNumber().toString();
        CliRun revoke = cli("ca", "revoke", serial, "--provisioner", "node", "--password-file", password.toString(), "--home", node.toString());
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(revoke.out()).isEqualTo("Certificate with serial number " + serial + " has been revoked.\n");
        CliRun twice = cli("ca", "revoke", serial, "--provisioner", "node", "--password-file", password.toString(), "--home", node.toString());
        assertThat(twice.err()).contains("is already revoked");
    }

    @Test
    void aProvisionerWithRenewalDisabledRefusesRenewal() throws Exception {
        Path crt = dir.resolve("norenew.crt");
        Path key = dir.resolve("norenew.key");
        CliRun cert = cli("ca", "certificate", "norenew.example.test", crt.toString(), key.toString(), "--provisioner", "node-no-renewal",
                "--password-file", password.toString(), "--home", node.toString());
        assertThat(cert.exit()).as(cert.err()).isZero();
        CliRun renew = cli("ca", "renew", crt.toString(), key.toString(), "--force", "--home", node.toString());
        assertThat(renew.err()).contains("The provisioner \"node-no-renewal\" does not allow renewal.");
    }

    @Test
    void provisionersAreListedAndTheirEncryptedKeyServed() throws Exception {
        JsonNode list = JSON.readTree(Https.get(client, ca.baseUrl() + "/provisioners?limit=2").body());
        assertThat(list.get("provisioners")).hasSize(2);
        assertThat(list.get("nextCursor").asText()).isNotEmpty();
        JsonNode all = JSON.readTree(Https.get(client, ca.baseUrl() + "/1.0/provisioners?limit=100").body());
        JsonNode jwk = null;
        for (JsonNode p : all.get("provisioners")) if (p.get("name").asText().equals("node")) jwk = p;
        String kid = jwk.get("key").get("kid").asText();
        JsonNode key = JSON.readTree(Https.get(client, ca.baseUrl() + "/provisioners/" + kid + "/encrypted-key").body());
        assertThat(key.get("key").asText()).isEqualTo(jwk.get("encryptedKey").asText());
        assertThat(JwkProvisionerKeys.decrypt(key.get("key").asText(), SignetAcmeServer.JWK_PASSWORD.toCharArray()).getKeyID()).isEqualTo(kid);
    }

    // ---- tokens sent to /sign directly ----

    static Stream<Arguments> badTokens() {
        return Stream.of(
                argumentSet("fail/expired", (Consumer<JWTClaimsSet.Builder>) b -> b.issueTime(ago(600)).notBeforeTime(ago(600)).expirationTime(ago(300)),
                        "The one-time token expired at"),
                argumentSet("fail/wrong-audience", (Consumer<JWTClaimsSet.Builder>) b -> b.audience("https://elsewhere.example/1.0/sign"),
                        "The one-time token is for [https://elsewhere.example/1.0/sign]"),
                argumentSet("fail/wrong-issuer", (Consumer<JWTClaimsSet.Builder>) b -> b.issuer("someone-else"),
                        "The one-time token's issuer \"someone-else\" and kid"),
                argumentSet("fail/no-jti", (Consumer<JWTClaimsSet.Builder>) b -> b.jwtID(null), "The one-time token has no usable jti."),
                argumentSet("fail/too-long-lived", (Consumer<JWTClaimsSet.Builder>) b -> b.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2)))),
                        "live at most 60 minutes"),
                argumentSet("fail/issued-in-the-future", (Consumer<JWTClaimsSet.Builder>) b -> b.notBeforeTime(null)
                        .issueTime(Date.from(Instant.now().plus(Duration.ofDays(3650)))).expirationTime(Date.from(Instant.now().plus(Duration.ofDays(3650)).plusSeconds(300))),
                        "The one-time token was issued in the future"),
                argumentSet("fail/reserved-admin-name", (Consumer<JWTClaimsSet.Builder>) b -> b.claim("sans", List.of("ok.example.test", "urn:signet:admin")),
                        "The name urn:signet:admin is reserved for the CA's own certificates."),
                argumentSet("fail/san-not-in-token", (Consumer<JWTClaimsSet.Builder>) b -> b.claim("sans", List.of("other.example.test")),
                        "The CSR names ok.example.test, which the token does not allow."));
    }

    @ParameterizedTest
    @MethodSource("badTokens")
    void aBadTokenIsRefused(Consumer<JWTClaimsSet.Builder> change, String detail) throws Exception {
        HttpResponse<String> r = sign(token(provisionerKey(), change));
        assertThat(r.statusCode()).as(r.body()).isIn(400, 403);
        assertThat(JSON.readTree(r.body()).get("detail").asText()).contains(detail);
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheProvisionersKidIsRefused() throws Exception {
        ECKey real = provisionerKey();
        ECKey forged = new ECKeyGenerator(Curve.P_256).keyID(real.getKeyID()).generate();
        HttpResponse<String> r = sign(token(forged, b -> { }));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("detail").asText())
                .isEqualTo("The one-time token's signature does not verify with the key of provisioner \"node\".");
    }

    @Test
    void aGoodHandMadeTokenWorksOnceOnly() throws Exception {
        String t = token(provisionerKey(), b -> { });
        assertThat(sign(t).statusCode()).isEqualTo(201);
        HttpResponse<String> again = sign(t);
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(again.body()).get("detail").asText()).endsWith("has already been used.");
    }

    private static Date ago(long seconds) {
        return Date.from(Instant.now().minusSeconds(seconds));
    }

    private ECKey provisionerKey() throws Exception {
        JsonNode all = JSON.readTree(Https.get(client, ca.baseUrl() + "/provisioners?limit=100").body());
        for (JsonNode p : all.get("provisioners")) {
            if (p.get("name").asText().equals("node")) {
                return (ECKey) JwkProvisionerKeys.decrypt(p.get("encryptedKey").asText(), SignetAcmeServer.JWK_PASSWORD.toCharArray());
            }
        }
        throw new AssertionError("no node provisioner");
    }

    private String token(ECKey key, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer("node").audience(ca.baseUrl() + "/1.0/sign").subject("ok.example.test")
                .claim("sans", List.of("ok.example.test")).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(java.util.UUID.randomUUID().toString());
        change.accept(b);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), b.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private HttpResponse<String> sign(String token) throws Exception {
        String csr = Pem.encodeCsr(CertificationRequests.create(KeyType.EC_P256.generate(), List.of(SubjectName.dns("ok.example.test"))));
        return Https.postJson(client, ca.baseUrl() + "/1.0/sign", JSON.writeValueAsString(Map.of("csr", csr, "ott", token)));
    }

    private void obtain(String name, Path crt, Path key) {
        CliRun cert = cli("ca", "certificate", name, crt.toString(), key.toString(), "--provisioner", "node", "--password-file",
                password.toString(), "--home", node.toString());
        assertThat(cert.exit()).as(cert.err()).isZero();
    }
}

package dev.signet.ca.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signet.ca.config.Claims;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.pki.CertificationRequests;
import dev.signet.pki.KeyType;
import dev.signet.pki.SubjectName;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** /sign, /renew and /revoke rules with an injected clock: expiry, renewal claims, token subjects, reason codes. */
class NodeCertificatesTest extends RaTestBase {
    private static final String AUD = "https://ca.example.test/1.0/sign";
    private static final String REVOKE_AUD = "https://ca.example.test/1.0/revoke";

    private ECKey key;
    private NodeCertificates nodes;
    private int revocations;

    @BeforeEach
    void setUp() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        nodes = nodes(Claims.DEFAULTS);
    }

    private NodeCertificates nodes(Claims claims) {
        JwkProvisioner p = new JwkProvisioner("node", key.toPublicJWK(), "unused", claims);
        return new NodeCertificates(new OneTimeTokens(Map.of("node", p), ra.storage, ra.clock), ra.signer, ra.storage,
                () -> Map.of("node", claims), List.of("http://ca.example.test/crl"), () -> revocations++, ra.clock);
    }

    private String token(String subject, String audience, List<String> sans) throws Exception {
        Instant now = ra.clock.instant();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer("node").audience(audience).subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
        if (!sans.isEmpty()) b.claim("sans", sans);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), b.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private X509Certificate sign(NodeCertificates n, String name) throws Exception {
        KeyPair pair = KeyType.EC_P256.generate();
        byte[] csr = CertificationRequests.create(pair, List.of(SubjectName.dns(name))).getEncoded();
        return n.sign(csr, token(name, AUD, List.of(name)), List.of(AUD), null, null).leaf();
    }

    @Test
    void signedCertificatesCarryTheTokenNamesAndTheCrlDistributionPoint() throws Exception {
        KeyPair pair = KeyType.EC_P256.generate();
        byte[] csr = CertificationRequests.create(pair, List.of(SubjectName.dns("a.example.test"))).getEncoded();
        X509Certificate leaf = nodes.sign(csr, token("a.example.test", AUD, List.of("a.example.test", "10.0.0.7")), List.of(AUD), null, null).leaf();
        assertThat(leaf.getSubjectAlternativeNames()).extracting(l -> String.valueOf(l.get(1))).containsExactly("a.example.test", "10.0.0.7");
        assertThat(leaf.getExtensionValue("2.5.29.31")).as("CRL distribution points").isNotNull();
    }

    /** how far the clock moves past the certificate's end, the claims, and the refusal (null: renewed). */
    static Stream<Arguments> renewals() {
        return Stream.of(
                argumentSet("ok/valid", Duration.ofHours(-1), Claims.DEFAULTS, null),
                argumentSet("fail/expired", Duration.ofMinutes(1), Claims.DEFAULTS, "expired at"),
                argumentSet("ok/expired-but-allowed", Duration.ofMinutes(1), new Claims(null, null, null, true, null).inheriting(Claims.DEFAULTS), null),
                argumentSet("fail/renewal-disabled", Duration.ofHours(-1), new Claims(null, null, null, null, true).inheriting(Claims.DEFAULTS),
                        "does not allow renewal"));
    }

    @ParameterizedTest
    @MethodSource("renewals")
    void renewal(Duration pastEnd, Claims claims, String refusal) throws Exception {
        NodeCertificates n = nodes(claims);
        X509Certificate old = sign(n, "renew.example.test");
        ra.clock.advance(Duration.between(ra.clock.instant(), old.getNotAfter().toInstant()).plus(pastEnd));
        if (refusal != null) {
            assertThatThrownBy(() -> n.renew(new X509Certificate[] {old}))
                    .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAUTHORIZED))
                    .hasMessageContaining(refusal);
            return;
        }
        X509Certificate renewed = n.renew(new X509Certificate[] {old}).leaf();
        assertThat(renewed.getPublicKey()).isEqualTo(old.getPublicKey());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(Duration.between(renewed.getNotBefore().toInstant(), renewed.getNotAfter().toInstant()))
                .isEqualTo(Duration.between(old.getNotBefore().toInstant(), old.getNotAfter().toInstant()));
        assertThat(renewed.getNotBefore().toInstant()).isEqualTo(ra.clock.instant().minus(Duration.ofMinutes(1)));
    }

    @Test
    void aCertificateThisCaDidNotIssueCannotRenew() throws Exception {
        X509Certificate ours = sign(nodes, "ours.example.test");
        ra.storage.revokeCertificate(ours.getSerialNumber(), 1, ra.clock.instant(),
                new dev.signet.ca.storage.AuditEvent(ra.clock.instant(), "t", "t", "t", "success", ""));
        assertThatThrownBy(() -> nodes.renew(new X509Certificate[] {ours})).hasMessageContaining("is revoked and cannot be renewed");
        assertThatThrownBy(() -> nodes.renew(new X509Certificate[0])).hasMessage("The request must be made over mTLS with the certificate to renew.");
    }

    @Test
    void revocationByTokenNeedsTheSerialAsSubjectAndTellsTheCrl() throws Exception {
        X509Certificate c = sign(nodes, "rev.example.test");
        String serial = c.getSerialNumber().toString();
        assertThatThrownBy(() -> nodes.revoke(serial, 1, token("12345", REVOKE_AUD, List.of()), List.of(REVOKE_AUD), null))
                .hasMessage("The token is for 12345, not for serial " + serial + ".");
        assertThatThrownBy(() -> nodes.revoke(serial, 7, token(serial, REVOKE_AUD, List.of()), List.of(REVOKE_AUD), null))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_REVOCATION_REASON));
        assertThat(revocations).isZero();
        nodes.revoke(serial, 1, token(serial, REVOKE_AUD, List.of()), List.of(REVOKE_AUD), null);
        assertThat(revocations).isOne();
        CertificateRecord r = ra.storage.findCertificate(c.getSerialNumber()).orElseThrow();
        assertThat(r.status()).isEqualTo(CertificateRecord.Status.REVOKED);
        assertThat(r.revokedAt()).isEqualTo(ra.clock.instant());
        assertThatThrownBy(() -> nodes.revoke(serial, 1, token(serial, REVOKE_AUD, List.of()), List.of(REVOKE_AUD), null))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.ALREADY_REVOKED));
    }

    @Test
    void aCertificateMayRevokeOnlyItselfOverMtls() throws Exception {
        X509Certificate a = sign(nodes, "a.example.test");
        X509Certificate b = sign(nodes, "b.example.test");
        assertThatThrownBy(() -> nodes.revoke(b.getSerialNumber().toString(), 0, null, List.of(REVOKE_AUD), new X509Certificate[] {a}))
                .hasMessage("A certificate may revoke only itself over mTLS, not serial " + b.getSerialNumber() + ".");
        nodes.revoke(a.getSerialNumber().toString(), 0, null, List.of(REVOKE_AUD), new X509Certificate[] {a});
        assertThat(ra.storage.findCertificate(a.getSerialNumber()).orElseThrow().status()).isEqualTo(CertificateRecord.Status.REVOKED);
    }

    @Test
    void aTokenOutsideItsTimeIsRefused() throws Exception {
        String t = token("late.example.test", AUD, List.of());
        ra.clock.advance(Duration.ofMinutes(10));
        KeyPair pair = KeyType.EC_P256.generate();
        byte[] csr = CertificationRequests.create(pair, List.of(SubjectName.dns("late.example.test"))).getEncoded();
        assertThatThrownBy(() -> nodes.sign(csr, t, List.of(AUD), null, null)).hasMessageStartingWith("The one-time token expired at");
    }
}

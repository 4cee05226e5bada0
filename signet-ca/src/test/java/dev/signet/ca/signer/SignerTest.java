package dev.signet.ca.signer;

import static dev.signet.ca.signer.Csrs.dns;
import static dev.signet.ca.signer.Csrs.email;
import static dev.signet.ca.signer.Csrs.ip;
import static dev.signet.ca.signer.Csrs.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.audit.AuditLog;
import dev.signet.ca.config.Claims;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.home.InitOptions;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.DuplicateSerialException;
import dev.signet.ca.storage.JdbcStorage;
import dev.signet.ca.storage.Storage;
import dev.signet.pki.ChainVerifier;
import dev.signet.pki.ExtendedKeyUsage;
import dev.signet.pki.KeyType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SAN = "2.5.29.17";

    @TempDir
    static Path dir;

    private static CaHierarchy ca;
    private static JdbcStorage storage;
    private static AuditLog audit;
    private static KeyPair leafKey;

    private SimpleMeterRegistry metrics;
    private Signer signer;

    @BeforeAll
    static void createCa() {
        ca = new CaHierarchyFactory(CLOCK).create("Test", KeyType.EC_P256, InitOptions.TEN_YEARS, InitOptions.TEN_YEARS);
        storage = JdbcStorage.openSqlite(dir.resolve("t.db"));
        audit = new AuditLog(storage, CLOCK, null);
        leafKey = KeyType.EC_P256.generate();
    }

    @AfterAll
    static void closeStorage() {
        audit.close();
        storage.close();
    }

    @BeforeEach
    void newSigner() {
        metrics = new SimpleMeterRegistry();
        signer = new Signer(ca, audit, CLOCK, metrics);
    }

    private static PKCS10CertificationRequest csr(String subject, GeneralName... sans) {
        return Csrs.csr(leafKey, subject, List.of(sans));
    }

    // ---- names and subject -------------------------------------------------------------------------------------

    static Stream<Arguments> names() {
        return Stream.of(
                argumentSet("ok/dns", csr(null, dns("app.example.com")), false, "",
                        List.of(List.of(GeneralName.dNSName, "app.example.com"))),
                argumentSet("ok/ip", csr(null, ip("192.0.2.7")), false, "",
                        List.of(List.of(GeneralName.iPAddress, "192.0.2.7"))),
                argumentSet("ok/email", csr(null, email("ops@example.com")), false, "",
                        List.of(List.of(GeneralName.rfc822Name, "ops@example.com"))),
                argumentSet("ok/uri", csr(null, uri("spiffe://example.org/ns/prod/sa/web")), false, "",
                        List.of(List.of(GeneralName.uniformResourceIdentifier, "spiffe://example.org/ns/prod/sa/web"))),
                argumentSet("ok/mixed", csr(null, dns("app.example.com"), ip("2001:db8::1"), email("ops@example.com")), false, "",
                        List.of(List.of(GeneralName.dNSName, "app.example.com"), List.of(GeneralName.iPAddress, "2001:db8:0:0:0:0:0:1"),
                                List.of(GeneralName.rfc822Name, "ops@example.com"))),
                argumentSet("ok/cn-dropped-by-default", csr("CN=app.example.com,O=Example", dns("www.example.com")), false, "",
                        List.of(List.of(GeneralName.dNSName, "www.example.com"), List.of(GeneralName.dNSName, "app.example.com"))),
                argumentSet("ok/cn-kept-with-includeCommonName", csr("CN=app.example.com,O=Example", dns("www.example.com")), true,
                        "CN=app.example.com",
                        List.of(List.of(GeneralName.dNSName, "www.example.com"), List.of(GeneralName.dNSName, "app.example.com"))),
                argumentSet("ok/person-cn-kept-not-a-name", csr("CN=Jane Doe", email("jane@example.com")), true, "CN=Jane Doe",
                        List.of(List.of(GeneralName.rfc822Name, "jane@example.com"))));
    }

    @ParameterizedTest
    @MethodSource("names")
    void issuesLeafWithNamesAsSans(PKCS10CertificationRequest csr, boolean includeCommonName, String subject, List<List<Object>> sans)
            throws Exception {
        IssuedCertificate issued = signer.issue(new IssuanceRequest(csr, "acme", Claims.DEFAULTS, null, null, null, Set.of(),
                includeCommonName, List.of()));
        X509Certificate leaf = issued.leaf();

        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo(subject);
        assertThat(leaf.getSubjectAlternativeNames()).containsExactlyElementsOf(sans);
        if (subject.isEmpty()) {
            assertThat(leaf.getCriticalExtensionOIDs()).as("SAN critical with an empty subject").contains(SAN);
        } else {
            assertThat(leaf.getNonCriticalExtensionOIDs()).contains(SAN);
        }
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(leaf.getKeyUsage()).startsWith(true, false, false);
        assertThat(leaf.getPublicKey()).isEqualTo(leafKey.getPublic());
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.intermediate().getSubjectX500Principal());
        assertThatCode(() -> leaf.verify(ca.intermediate().getPublicKey())).doesNotThrowAnyException();
        assertThat(issued.chain()).containsExactly(leaf, ca.intermediate());
        assertThat(ChainVerifier.verify(issued.chain(), List.of(ca.root()), null, NOW)).containsExactly(leaf, ca.intermediate(), ca.root());
    }

    @Test
    void serialsAreTimeOrderedWith48DigitsAndDistinct() {
        Signer secondLater = new Signer(ca, audit, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC), metrics);
        BigInteger a = signer.issue(IssuanceRequest.of(csr(null, dns("a.example.com")), "acme", Claims.DEFAULTS)).leaf().getSerialNumber();
        BigInteger b = signer.issue(IssuanceRequest.of(csr(null, dns("a.example.com")), "acme", Claims.DEFAULTS)).leaf().getSerialNumber();
        BigInteger c = secondLater.issue(IssuanceRequest.of(csr(null, dns("a.example.com")), "acme", Claims.DEFAULTS)).leaf()
                .getSerialNumber();
        assertThat(List.of(a, b, c)).allSatisfy(s -> {
            assertThat(s.signum()).isEqualTo(1);
            assertThat(s.bitLength()).isEqualTo(159);
            assertThat(s.toString()).hasSize(48);
        });
        assertThat(List.of(a, b, c)).as("the issue seconds").extracting(s -> s.shiftRight(122).longValue() & ((1L << 36) - 1))
                .containsExactly(NOW.getEpochSecond(), NOW.getEpochSecond(), NOW.getEpochSecond() + 1);
        assertThat(a).isNotEqualTo(b);
        assertThat(c.toString()).as("a serial drawn a second later sorts after, as text").isGreaterThan(a.toString())
                .isGreaterThan(b.toString());
        assertThat(storage.findCertificate(c)).as("stored under its serial").isPresent();
    }

    // ---- lifetime ----------------------------------------------------------------------------------------------

    private static final Claims SHORT = new Claims(Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofHours(2));

    /** claims, requested lifetime, requested notAfter, expected notAfter (null on failure), expected message. */
    static Stream<Arguments> lifetimes() {
        return Stream.of(
                argumentSet("ok/default-24h", Claims.DEFAULTS, null, null, NOW.plus(Duration.ofHours(24)), null),
                argumentSet("ok/provisioner-default-1h", SHORT, null, null, NOW.plus(Duration.ofHours(1)), null),
                argumentSet("ok/requested-8h", Claims.DEFAULTS, Duration.ofHours(8), null, NOW.plus(Duration.ofHours(8)), null),
                argumentSet("ok/requested-max-24h", Claims.DEFAULTS, Duration.ofHours(24), null, NOW.plus(Duration.ofHours(24)), null),
                argumentSet("ok/requested-min-5m", Claims.DEFAULTS, Duration.ofMinutes(5), null, NOW.plus(Duration.ofMinutes(5)), null),
                argumentSet("ok/requested-notAfter", Claims.DEFAULTS, null, NOW.plus(Duration.ofHours(3)), NOW.plus(Duration.ofHours(3)), null),
                argumentSet("ok/notAfter-wins-over-lifetime", Claims.DEFAULTS, Duration.ofHours(20), NOW.plus(Duration.ofHours(3)),
                        NOW.plus(Duration.ofHours(3)), null),
                argumentSet("fail/above-max", Claims.DEFAULTS, Duration.ofHours(25), null, null,
                        "The requested lifetime 25h is above the provisioner's maximum of 24h."),
                argumentSet("fail/above-provisioner-max", SHORT, Duration.ofHours(3), null, null,
                        "The requested lifetime 3h is above the provisioner's maximum of 2h."),
                argumentSet("fail/below-min", Claims.DEFAULTS, Duration.ofMinutes(4), null, null,
                        "The requested lifetime 4m is below the provisioner's minimum of 5m."),
                argumentSet("fail/notAfter-above-max", Claims.DEFAULTS, null, NOW.plus(Duration.ofHours(48)), null,
                        "The requested lifetime 48h is above the provisioner's maximum of 24h."),
                argumentSet("fail/notAfter-in-the-past", Claims.DEFAULTS, null, NOW.minus(Duration.ofHours(1)), null,
                        "The requested notAfter 2026-03-01T11:00:00Z is not after notBefore 2026-03-01T12:00:00Z."));
    }

    @ParameterizedTest
    @MethodSource("lifetimes")
    void lifetimeFollowsTheClaims(Claims claims, Duration lifetime, Instant notAfter, Instant expectedNotAfter, String message) {
        IssuanceRequest request = new IssuanceRequest(csr(null, dns("life.example.com")), "acme", claims, null, notAfter, lifetime,
                Set.of(), false, List.of());
        long before = storage.countCertificates();
        if (message != null) {
            assertThatThrownBy(() -> signer.issue(request))
                    .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                    .hasMessage(message);
            assertThat(storage.countCertificates()).as("nothing stored").isEqualTo(before);
            assertThat(metrics.find("signet.certificates.issued").counter()).isNull();
            return;
        }
        X509Certificate leaf = signer.issue(request).leaf();
        assertThat(leaf.getNotBefore().toInstant()).as("backdated one minute").isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(expectedNotAfter);
    }

    @Test
    void requestedStartIsBackdatedToo() {
        Instant start = NOW.plus(Duration.ofHours(2));
        X509Certificate leaf = signer.issue(new IssuanceRequest(csr(null, dns("later.example.com")), "acme", Claims.DEFAULTS,
                start, null, Duration.ofHours(1), Set.of(), false, List.of())).leaf();
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(start.minus(Duration.ofMinutes(1)));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(start.plus(Duration.ofHours(1)));
    }

    @Test
    void notAfterIsCappedAtTheIntermediatesExpiry() {
        CaHierarchy shortLived = new CaHierarchyFactory(CLOCK).create("Short", KeyType.EC_P256, InitOptions.TEN_YEARS, Duration.ofHours(1));
        Signer s = new Signer(shortLived, audit, CLOCK, metrics);

        X509Certificate leaf = s.issue(IssuanceRequest.of(csr(null, dns("capped.example.com")), "acme", Claims.DEFAULTS)).leaf();

        assertThat(shortLived.intermediate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(leaf.getNotAfter()).isEqualTo(shortLived.intermediate().getNotAfter());
    }

    @Test
    void expiredIntermediateIssuesNothing() {
        CaHierarchy shortLived = new CaHierarchyFactory(CLOCK).create("Short", KeyType.EC_P256, InitOptions.TEN_YEARS, Duration.ofHours(1));
        Signer later = new Signer(shortLived, audit, Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC), metrics);
        long before = storage.countCertificates();

        assertThatThrownBy(() -> later.issue(IssuanceRequest.of(csr(null, dns("late.example.com")), "acme", Claims.DEFAULTS)))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.SERVER_INTERNAL))
                .hasMessage("The intermediate CA has expired; no certificate can be issued.");
        assertThat(storage.countCertificates()).isEqualTo(before);
    }

    // ---- usages --------------------------------------------------------------------------------------------------

    @Test
    void extendedKeyUsageCanBeNarrowedToClientAuth() throws Exception {
        X509Certificate leaf = signer.issue(new IssuanceRequest(csr(null, dns("client.example.com")), "acme", Claims.DEFAULTS,
                null, null, null, Set.of(ExtendedKeyUsage.CLIENT_AUTH), false, List.of())).leaf();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    }

    @Test
    void rsaKeyGetsKeyEnciphermentAndEcDoesNot() {
        KeyPair rsa = KeyType.RSA_2048.generate();
        X509Certificate rsaLeaf = signer.issue(IssuanceRequest.of(Csrs.csr(rsa, null, List.of(dns("rsa.example.com"))), "acme",
                Claims.DEFAULTS)).leaf();
        X509Certificate ecLeaf = signer.issue(IssuanceRequest.of(csr(null, dns("ec.example.com")), "acme", Claims.DEFAULTS)).leaf();

        assertThat(rsaLeaf.getKeyUsage()).startsWith(true, false, true, false);
        assertThat(ecLeaf.getKeyUsage()).startsWith(true, false, false, false);
        assertThat(rsaLeaf.getSigAlgName()).as("signed by the EC intermediate").isEqualTo("SHA256withECDSA");
    }

    @Test
    void crlDistributionPointsArePassedThrough() {
        X509Certificate leaf = signer.issue(new IssuanceRequest(csr(null, dns("crl.example.com")), "acme", Claims.DEFAULTS,
                null, null, null, Set.of(), false, List.of("http://ca.example.com/crl"))).leaf();
        assertThat(leaf.getExtensionValue("2.5.29.31")).isNotNull();
    }

    @Test
    void invalidCsrIsRejectedBeforeAnythingIsSigned() {
        long before = storage.countCertificates();
        PKCS10CertificationRequest noNames = csr("CN=Jane Doe");
        assertThatThrownBy(() -> signer.issue(IssuanceRequest.of(noNames, "acme", Claims.DEFAULTS)))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_CSR))
                .hasMessage("The CSR names no DNS name, IP address, email address or URI.");
        assertThat(storage.countCertificates()).isEqualTo(before);
    }

    // ---- records, audit and metrics ---------------------------------------------------------------------------

    @Test
    void issuedCertificateIsStoredAuditedAndCounted() throws Exception {
        X509Certificate leaf = signer.issue(IssuanceRequest.of(csr(null, dns("stored.example.com"), ip("10.9.8.7")), "stored-prov",
                Claims.DEFAULTS)).leaf();

        Optional<CertificateRecord> stored = storage.findCertificate(leaf.getSerialNumber());
        assertThat(stored).hasValueSatisfying(r -> {
            assertThat(r.serial()).isEqualTo(leaf.getSerialNumber());
            assertThat(r.provisioner()).isEqualTo("stored-prov");
            assertThat(r.subject()).isEmpty();
            assertThat(r.sans()).containsExactly("stored.example.com", "10.9.8.7");
            assertThat(r.status()).isEqualTo(CertificateRecord.Status.VALID);
            assertThat(r.revokedAt()).isNull();
            assertThat(r.revocationReason()).isNull();
            assertThat(r.notBefore()).isEqualTo(leaf.getNotBefore().toInstant());
            assertThat(r.notAfter()).isEqualTo(leaf.getNotAfter().toInstant());
            assertThat(r.der()).isEqualTo(encoded(leaf));
        });

        assertThat(storage.recentAuditEvents(1000)).filteredOn(e -> e.target().equals(leaf.getSerialNumber().toString()))
                .containsExactly(new AuditEvent(NOW, "provisioner:stored-prov", "certificate.issue", leaf.getSerialNumber().toString(),
                        "success", "sans=stored.example.com,10.9.8.7 notAfter=" + leaf.getNotAfter().toInstant()));

        assertThat(metrics.get("signet.certificates.issued").tag("provisioner", "stored-prov").counter().count()).isEqualTo(1.0);
        signer.issue(IssuanceRequest.of(csr(null, dns("stored.example.com")), "stored-prov", Claims.DEFAULTS));
        signer.issue(IssuanceRequest.of(csr(null, dns("stored.example.com")), "other-prov", Claims.DEFAULTS));
        assertThat(metrics.get("signet.certificates.issued").tag("provisioner", "stored-prov").counter().count()).isEqualTo(2.0);
        assertThat(metrics.get("signet.certificates.issued").tag("provisioner", "other-prov").counter().count()).isEqualTo(1.0);
    }

    @Test
    void duplicateSerialIsRetriedWithAFreshSerial() {
        List<BigInteger> attempted = new ArrayList<>();
        Storage dup = duplicating(storage, 2, attempted);
        Signer s = new Signer(ca, new AuditLog(dup, CLOCK, null), CLOCK, metrics);

        X509Certificate leaf = s.issue(IssuanceRequest.of(csr(null, dns("retry.example.com")), "acme", Claims.DEFAULTS)).leaf();

        assertThat(attempted).hasSize(3).doesNotHaveDuplicates();
        assertThat(attempted.get(2)).isEqualTo(leaf.getSerialNumber());
        assertThat(storage.findCertificate(leaf.getSerialNumber())).isPresent();
        assertThat(storage.findCertificate(attempted.get(0))).isEmpty();
        assertThat(metrics.get("signet.certificates.issued").tag("provisioner", "acme").counter().count()).isEqualTo(1.0);
    }

    @Test
    void giveUpAfterThreeDuplicateSerials() {
        List<BigInteger> attempted = new ArrayList<>();
        Storage dup = duplicating(storage, 3, attempted);
        Signer s = new Signer(ca, new AuditLog(dup, CLOCK, null), CLOCK, metrics);

        assertThatThrownBy(() -> s.issue(IssuanceRequest.of(csr(null, dns("retry.example.com")), "acme", Claims.DEFAULTS)))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.SERVER_INTERNAL))
                .hasMessage("Could not draw an unused serial number.")
                .hasCauseInstanceOf(DuplicateSerialException.class);
        assertThat(attempted).hasSize(3);
        assertThat(metrics.find("signet.certificates.issued").counter()).isNull();
    }

    /**
     * A storage that reports the first {@code duplicates} inserts as serial collisions, recording each attempted serial,
     * then stores for real; every other call goes to the real storage (close excepted: the class closes that).
     */
    private static Storage duplicating(Storage real, int duplicates, List<BigInteger> attempted) {
        int[] left = {duplicates};
        return (Storage) java.lang.reflect.Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) return null;
                    if (method.getName().equals("insertCertificate")) {
                        CertificateRecord record = (CertificateRecord) args[0];
                        attempted.add(record.serial());
                        if (left[0]-- > 0) throw new DuplicateSerialException(record.serial(), null);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}

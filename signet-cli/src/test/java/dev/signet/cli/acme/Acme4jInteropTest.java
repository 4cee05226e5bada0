package dev.signet.cli.acme;

import dev.signet.tls.acme.AcmeTrust;
import dev.signet.tls.acme.Http01Responder;
import dev.signet.tls.acme.TlsAlpn01Responder;
import dev.signet.tls.acme.TlsAlpnChallenges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.testing.PebbleChallTestServer;
import dev.signet.ca.testing.Peers;
import dev.signet.cli.CliRun;
import dev.signet.pki.ChainVerifier;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * acme4j, a client nobody here wrote, against a Signet CA over loopback: http-01, tls-alpn-01 and dns-01 (through
 * pebble-challtestsrv as the CA's DNS), IP identifiers, the 24h and 48h provisioners, key rollover, external account
 * binding, renewal info with replacement, profiles, revocation, and a CA restart in the middle of an order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Acme4jInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir static Path dir;
    PebbleChallTestServer dns;
    SignetAcmeServer ca;
    Http01Responder http;
    TlsAlpn01Responder tls;

    @BeforeAll
    void start() throws Exception {
        Peers.requireTool(PebbleChallTestServer.BINARY);
        AcmeTrust.installBouncyCastle();
        dns = PebbleChallTestServer.start();
        dns.setDefaultIpv4("127.0.0.1");
        InetSocketAddress resolver = dns.dnsAddress();
        ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(),
                resolver.getHostString() + ":" + resolver.getPort());
        http = new Http01Responder(new InetSocketAddress("127.0.0.1", ca.http01Port()));
        tls = new TlsAlpn01Responder(new InetSocketAddress("127.0.0.1", ca.tlsAlpn01Port()), new TlsAlpnChallenges());
    }

    @AfterAll
    void stop() throws Exception {
        if (http != null) http.close();
        if (tls != null) tls.close();
        if (ca != null) ca.close();
        if (dns != null) dns.close();
    }

    private Session session(String provisioner) {
        return new Session(ca.directory(provisioner), AcmeTrust.trusting(List.of(ca.root())));
    }

    private Account newAccount(String provisioner) throws Exception {
        return new AccountBuilder().addEmail("ops@example.test").agreeToTermsOfService()
                .useKeyPair(KeyPairUtils.createECKeyPair("secp256r1")).create(session(provisioner));
    }

    private List<X509Certificate> obtainHttp(Account account, String... names) throws Exception {
        return new AcmeObtainer(session("acme"), WAIT).obtain(account, List.of(names), KeyType.EC_P256.generate(), http, null);
    }

    @Test
    void http01ForDnsNamesAndAnIpAddressGivesA24hCertificateThatChainsToTheRoot() throws Exception {
        Account account = newAccount("acme");
        List<X509Certificate> chain = obtainHttp(account, "www.http01.test", "api.http01.test", "127.0.0.1");
        X509Certificate leaf = chain.get(0);
        assertThat(chain).hasSize(2);
        ChainVerifier.verify(chain, List.of(ca.root()), "www.http01.test", Instant.now());
        ChainVerifier.verify(chain, List.of(ca.root()), "127.0.0.1", Instant.now());
        assertThat(lifetime(leaf)).isEqualTo(Duration.ofHours(24).plusMinutes(1));
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    }

    @Test
    void theCloudProvisionerIssues48hCertificates() throws Exception {
        X509Certificate leaf = obtainHttp(newAccount("acme-cloud"), "node.cloud.test").get(0);
        assertThat(lifetime(leaf)).isEqualTo(Duration.ofHours(48).plusMinutes(1));
    }

    @Test
    void tlsAlpn01ForANameAndAnIpAddress() throws Exception {
        Account account = newAccount("acme");
        List<X509Certificate> chain = new AcmeObtainer(session("acme"), WAIT)
                .obtain(account, List.of("tls.alpn.test", "127.0.0.1"), KeyType.EC_P256.generate(), null, tls);
        assertThat(chain.get(0).getSubjectAlternativeNames()).hasSize(2);
    }

    @Test
    void dns01ValidatesAWildcard() throws Exception {
        Account account = newAccount("acme");
        Order order = account.newOrder().domains("*.wild.test").create();
        Authorization auth = order.getAuthorizations().get(0);
        assertThat(auth.isWildcard()).isTrue();
        assertThat(auth.getChallenges().stream().map(x -> x.getType()).toList()).containsExactly("dns-01");
        Dns01Challenge c = auth.findChallenge(Dns01Challenge.class).orElseThrow();
        dns.setTxt(c.getRRName(auth.getIdentifier()), c.getDigest());
        c.trigger();
        assertThat(c.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(KeyType.EC_P256.generate());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.getCertificate().getCertificate().getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
                .containsExactly("*.wild.test");
    }

    @Test
    void failedHttp01MakesTheOrderInvalidWithTheReason() throws Exception {
        Account account = newAccount("acme");
        Order order = account.newOrder().domains("nobody-serves.test").create();
        Authorization auth = order.getAuthorizations().get(0);
        var c = auth.findChallenge(org.shredzone.acme4j.challenge.Http01Challenge.class).orElseThrow();
        c.trigger(); // nothing published for this token: the responder answers 404
        assertThat(c.waitForCompletion(WAIT)).isEqualTo(Status.INVALID);
        assertThat(c.getError()).hasValueSatisfying(p -> assertThat(p.getType().toString()).isEqualTo("urn:ietf:params:acme:error:unauthorized"));
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.INVALID);
    }

    @Test
    void keyRolloverMovesTheAccountToTheNewKey() throws Exception {
        Account account = newAccount("acme");
        KeyPair newKey = KeyPairUtils.createECKeyPair("secp384r1");
        account.changeKey(newKey);
        Account again = new AccountBuilder().onlyExisting().useKeyPair(newKey).create(session("acme"));
        assertThat(again.getLocation()).isEqualTo(account.getLocation());
        assertThat(obtainHttp(again, "rolled.key.test")).hasSize(2);
        KeyPair other = KeyPairUtils.createECKeyPair("secp256r1");
        Account second = new AccountBuilder().agreeToTermsOfService().useKeyPair(other).create(session("acme"));
        assertThatThrownBy(() -> second.changeKey(newKey)).isInstanceOf(AcmeServerException.class)
                .hasMessageContaining("already belongs to an account");
    }

    @Test
    void externalAccountBindingIsRequiredAndBindsOneAccountOnly() throws Exception {
        assertThatThrownBy(() -> newAccount("acme-eab")).isInstanceOfSatisfying(AcmeServerException.class,
                e -> assertThat(e.getType().toString()).isEqualTo("urn:ietf:params:acme:error:externalAccountRequired"));
        CliRun add = CliRun.of("ca", "acme", "eab", "add", "acme-eab", "--reference", "team-a", "--home", ca.home().dir().toString());
        assertThat(add.exit()).as(add.err()).isZero();
        String kid = add.out().lines().filter(l -> l.startsWith("Key ID: ")).findFirst().orElseThrow().substring(8);
        String hmac = add.out().lines().filter(l -> l.startsWith("HMAC key: ")).findFirst().orElseThrow().substring(10);
        Account bound = new AccountBuilder().agreeToTermsOfService().withKeyIdentifier(kid, hmac)
                .useKeyPair(KeyPairUtils.createECKeyPair("secp256r1")).create(session("acme-eab"));
        assertThat(bound.hasExternalAccountBinding()).isFalse(); // acme4j reports only what the server echoes
        assertThat(obtainHttp(bound, "eab.bound.test")).hasSize(2);
        assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService().withKeyIdentifier(kid, hmac)
                .useKeyPair(KeyPairUtils.createECKeyPair("secp256r1")).create(session("acme-eab")))
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getMessage()).contains("already bound"));
        CliRun list = CliRun.of("ca", "acme", "eab", "list", "acme-eab", "--home", ca.home().dir().toString());
        assertThat(list.out()).contains(kid, "team-a", bound.getLocation().getPath().substring(bound.getLocation().getPath().lastIndexOf('/') + 1));
        CliRun remove = CliRun.of("ca", "acme", "eab", "remove", "acme-eab", kid, "--home", ca.home().dir().toString());
        assertThat(remove.exit()).as(remove.err()).isZero();
        assertThat(CliRun.of("ca", "acme", "eab", "list", "acme-eab", "--home", ca.home().dir().toString()).out()).doesNotContain(kid);
        CliRun again = CliRun.of("ca", "acme", "eab", "remove", "acme-eab", kid, "--home", ca.home().dir().toString());
        assertThat(again.exit()).isOne();
        assertThat(again.err()).isEqualTo("error: The provisioner \"acme-eab\" has no EAB key \"" + kid + "\".\n");
        assertThat(obtainHttp(bound, "still.bound.test")).as("an account outlives its removed EAB key").hasSize(2);
    }

    @Test
    void renewalInfoSuggestsTwoThirdsAndAReplacementIsHonouredOnce() throws Exception {
        Account account = newAccount("acme");
        Order first = account.newOrder().domains("ari.renew.test").create();
        completeHttp(first);
        Certificate cert = first.getCertificate();
        assertThat(cert.hasRenewalInfo()).isTrue();
        RenewalInfo info = cert.getRenewalInfo();
        X509Certificate leaf = cert.getCertificate();
        Instant twoThirds = leaf.getNotBefore().toInstant().plus(lifetime(leaf).multipliedBy(2).dividedBy(3));
        assertThat(Duration.between(twoThirds, info.getSuggestedWindowStart()).abs()).isLessThan(Duration.ofSeconds(2));
        assertThat(info.getSuggestedWindowEnd()).isAfter(info.getSuggestedWindowStart());

        Order replacement = account.newOrder().domains("ari.renew.test").replaces(cert).create();
        completeHttp(replacement);
        assertThatThrownBy(() -> account.newOrder().domains("ari.renew.test").replaces(cert).create())
                .isInstanceOfSatisfying(AcmeServerException.class,
                        e -> assertThat(e.getType().toString()).isEqualTo("urn:ietf:params:acme:error:alreadyReplaced"));
    }

    @Test
    void profilesAreAnnouncedAndShapeTheCertificate() throws Exception {
        Session s = session("acme");
        assertThat(s.getMetadata().getProfiles()).containsExactlyInAnyOrder("short", "tlsserver");
        Account account = newAccount("acme");
        Order order = account.newOrder().domains("profiled.test").profile("tlsserver").create();
        assertThat(order.getProfile()).isEqualTo("tlsserver");
        completeHttp(order);
        X509Certificate leaf = order.getCertificate().getCertificate();
        assertThat(lifetime(leaf)).isEqualTo(Duration.ofHours(12).plusMinutes(1));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        // acme4j refuses an unannounced profile itself; AcmeHostileInputTest sends one to the server
        assertThat(s.getMetadata().getProfileDescription("tlsserver")).hasValue("TLS server certificates");
    }

    @Test
    void revocationByTheAccountThenByTheCertificateKeyIsAlreadyRevoked() throws Exception {
        Account account = newAccount("acme");
        KeyPair certKey = KeyType.EC_P256.generate();
        Order order = account.newOrder().domains("revoke.me.test").create();
        completeHttp(order, certKey);
        Certificate cert = order.getCertificate();
        cert.revoke(RevocationReason.KEY_COMPROMISE);
        var record = ca.server().storage().findCertificate(cert.getCertificate().getSerialNumber()).orElseThrow();
        assertThat(record.revocationReason()).isEqualTo(1);
        assertThatThrownBy(() -> Certificate.revoke(session("acme"), certKey, cert.getCertificate(), RevocationReason.UNSPECIFIED))
                .isInstanceOfSatisfying(AcmeServerException.class,
                        e -> assertThat(e.getType().toString()).isEqualTo("urn:ietf:params:acme:error:alreadyRevoked"));
    }

    @Test
    void aRestartInTheMiddleOfAnOrderLosesNothing() throws Exception {
        KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(key).create(session("acme"));
        Order order = account.newOrder().domains("restart.test").create();
        ca = ca.restart();
        Order reloaded = session("acme").login(account.getLocation(), key).bindOrder(order.getLocation());
        completeHttp(reloaded);
        assertThat(reloaded.getCertificate().getCertificate().getSubjectAlternativeNames()).hasSize(1);
    }

    @Test
    void aValidationCutShortByAStopRunsAgainAtStart() throws Exception {
        KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(key).create(session("acme"));
        Order order = account.newOrder().domains("cut.short.test").create();
        var c = order.getAuthorizations().get(0).findChallenge(org.shredzone.acme4j.challenge.Http01Challenge.class).orElseThrow();
        http.publish(c.getToken(), c.getAuthorization());
        // as if the CA had moved the challenge to processing and died before validating it
        String path = c.getLocation().getPath();
        assertThat(ca.server().storage().updateChallengeStatus(path.substring(path.lastIndexOf('/') + 1),
                dev.signet.ca.storage.AcmeChallenge.Status.PENDING, dev.signet.ca.storage.AcmeChallenge.Status.PROCESSING)).isTrue();
        ca = ca.restart();
        var again = session("acme").login(account.getLocation(), key)
                .bindChallenge(c.getLocation(), org.shredzone.acme4j.challenge.Http01Challenge.class);
        assertThat(again.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
    }

    @Test
    void theCliObtainsACertificateWithItsOwnResponder() throws Exception {
        Path crt = dir.resolve("cli.crt");
        Path key = dir.resolve("cli.key");
        // the shared responder holds the validation port; the CLI uses the tls-alpn-01 port with its own responder
        http.close();
        try {
            CliRun run = CliRun.of("ca", "certificate", "cli.acme.test", crt.toString(), key.toString(), "--acme",
                    ca.directory("acme").toString(), "--san", "127.0.0.1", "--standalone-http", Integer.toString(ca.http01Port()),
                    "--bind", "127.0.0.1", "--root", ca.rootPem().toString(), "--config-dir", dir.resolve("cli-config").toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("Your certificate has been saved in " + crt);
        } finally {
            http = new Http01Responder(new InetSocketAddress("127.0.0.1", ca.http01Port()));
        }
        List<X509Certificate> chain = Pem.readCertificates(crt);
        ChainVerifier.verify(chain, List.of(ca.root()), "cli.acme.test", Instant.now());
        assertThat(java.nio.file.Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(dir.resolve("cli-config/acme")).isDirectory();
    }

    private void completeHttp(Order order) throws Exception {
        completeHttp(order, KeyType.EC_P256.generate());
    }

    private void completeHttp(Order order, KeyPair certKey) throws Exception {
        for (Authorization auth : order.getAuthorizations()) {
            if (auth.getStatus() != Status.PENDING) continue;
            var c = auth.findChallenge(org.shredzone.acme4j.challenge.Http01Challenge.class).orElseThrow();
            http.publish(c.getToken(), c.getAuthorization());
            c.trigger();
            assertThat(c.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(certKey);
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
    }

    private static Duration lifetime(X509Certificate c) {
        return Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }
}

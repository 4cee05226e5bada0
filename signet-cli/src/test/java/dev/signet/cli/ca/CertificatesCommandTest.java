package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaDatabase;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.Storage;
import dev.signet.cli.CliRun;
import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SubjectName;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code signet ca certificates list|show} against a CA home whose database holds seven records: expired, valid,
 * revoked, two with the same provisioner and different expiries, and two legacy ones whose serials read alike ({@code
 * 1000} is 0x1000 in hex and 0x3e8 in decimal). Times in the expected outputs are written {@code <+2h>}: the seeding
 * instant (to the second) plus two hours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificatesCommandTest {
    static final BigInteger A = new BigInteger("a1b2c3d4e5f60718293a4b5c6d7e8f90", 16);
    static final BigInteger B = new BigInteger("b1c2d3e4f5061728394a5b6c7d8e9f01", 16);
    static final BigInteger C = new BigInteger("c1d2e3f405162738495a6b7c8d9eaf02", 16);
    static final BigInteger D = new BigInteger("d1e2f30415263748596a7b8c9dae0f03", 16);
    static final BigInteger E = new BigInteger("e1f203142536475869708192a3b4c5d6", 16);
    static final BigInteger F = new BigInteger("1000", 16);
    static final BigInteger G = new BigInteger("1000");

    private static final Pattern AT = Pattern.compile("<([+-]\\d+)h>");
    private static final byte[] NOT_DER = {0x30, 0x00};

    @TempDir static Path dir;

    private CaHome home;
    private Instant now;
    private X509Certificate gone;
    private X509Certificate svc;

    @BeforeAll
    void seed() throws Exception {
        home = new CaHome(dir.resolve("home"));
        CliRun init = CliRun.of("ca", "init", "--home", home.dir().toString(), "--name", "Certificates CA", "--address", "127.0.0.1:0");
        assertThat(init.exit()).as(init.err()).isZero();
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        gone = certificate(D, "gone.example.test", List.of(SubjectName.dns("gone.example.test")), at(-1), at(10));
        svc = certificate(E, "svc.example.test", List.of(SubjectName.dns("svc.example.test"), SubjectName.ip("10.1.2.3")), at(-1), at(30));
        List<CertificateRecord> records = List.of(
                record(A, "acme", "", List.of("app.example.test"), at(2), null, null, NOT_DER),
                record(B, "node", "CN=db.example.test", List.of("db.example.test", "10.0.0.5"), at(72), null, null, NOT_DER),
                record(C, "acme", "", List.of("old.example.test"), at(-1), null, null, NOT_DER),
                // the record's subject is as stored (two RDNs, a quote) for the CSV quoting; the DER names only the CN
                record(D, "node", "CN=gone.example.test,O=Example \"Ops\"", List.of("gone.example.test"), at(10), at(-1), 1, gone.getEncoded()),
                record(E, "node", "CN=svc.example.test", List.of("svc.example.test", "10.1.2.3"), at(30), null, null, svc.getEncoded()),
                record(F, "legacy", "CN=legacy-hex", List.of(), at(1000), null, null, NOT_DER),
                record(G, "legacy", "CN=legacy-dec", List.of(), at(1001), null, null, NOT_DER));
        try (Storage storage = CaDatabase.open(home, CaConfigFile.load(home.config()).db())) {
            for (CertificateRecord r : records) {
                storage.insertCertificate(r, new AuditEvent(now, "test", "certificate.issue", r.serial().toString(), "success", ""));
            }
        }
    }

    static Stream<Arguments> listings() {
        return Stream.of(
                argumentSet("list/all", List.of(), """
                        SERIAL                            SUBJECT/SANS                PROVISIONER  NOT AFTER             STATUS
                        c1d2e3f405162738495a6b7c8d9eaf02  old.example.test            acme         <-1h>  expired
                        a1b2c3d4e5f60718293a4b5c6d7e8f90  app.example.test            acme         <+2h>  valid
                        d1e2f30415263748596a7b8c9dae0f03  gone.example.test           node         <+10h>  revoked
                        e1f203142536475869708192a3b4c5d6  svc.example.test, 10.1.2.3  node         <+30h>  valid
                        b1c2d3e4f5061728394a5b6c7d8e9f01  db.example.test, 10.0.0.5   node         <+72h>  valid
                        1000                              CN=legacy-hex               legacy       <+1000h>  valid
                        3e8                               CN=legacy-dec               legacy       <+1001h>  valid
                        """),
                argumentSet("list/expiring-within-24h", List.of("--expiring-within", "24h"), """
                        SERIAL                            SUBJECT/SANS       PROVISIONER  NOT AFTER             STATUS
                        a1b2c3d4e5f60718293a4b5c6d7e8f90  app.example.test   acme         <+2h>  valid
                        d1e2f30415263748596a7b8c9dae0f03  gone.example.test  node         <+10h>  revoked
                        """),
                argumentSet("list/expiring-within-24h-valid", List.of("--expiring-within", "24h", "--status", "valid"), """
                        SERIAL                            SUBJECT/SANS      PROVISIONER  NOT AFTER             STATUS
                        a1b2c3d4e5f60718293a4b5c6d7e8f90  app.example.test  acme         <+2h>  valid
                        """),
                argumentSet("list/provisioner", List.of("--provisioner", "node"), """
                        SERIAL                            SUBJECT/SANS                PROVISIONER  NOT AFTER             STATUS
                        d1e2f30415263748596a7b8c9dae0f03  gone.example.test           node         <+10h>  revoked
                        e1f203142536475869708192a3b4c5d6  svc.example.test, 10.1.2.3  node         <+30h>  valid
                        b1c2d3e4f5061728394a5b6c7d8e9f01  db.example.test, 10.0.0.5   node         <+72h>  valid
                        """),
                argumentSet("list/status-revoked", List.of("--status", "revoked"), """
                        SERIAL                            SUBJECT/SANS       PROVISIONER  NOT AFTER             STATUS
                        d1e2f30415263748596a7b8c9dae0f03  gone.example.test  node         <+10h>  revoked
                        """),
                argumentSet("list/status-expired", List.of("--status", "expired"), """
                        SERIAL                            SUBJECT/SANS      PROVISIONER  NOT AFTER             STATUS
                        c1d2e3f405162738495a6b7c8d9eaf02  old.example.test  acme         <-1h>  expired
                        """),
                argumentSet("list/status-valid", List.of("--status", "VALID"), """
                        SERIAL                            SUBJECT/SANS                PROVISIONER  NOT AFTER             STATUS
                        a1b2c3d4e5f60718293a4b5c6d7e8f90  app.example.test            acme         <+2h>  valid
                        e1f203142536475869708192a3b4c5d6  svc.example.test, 10.1.2.3  node         <+30h>  valid
                        b1c2d3e4f5061728394a5b6c7d8e9f01  db.example.test, 10.0.0.5   node         <+72h>  valid
                        1000                              CN=legacy-hex               legacy       <+1000h>  valid
                        3e8                               CN=legacy-dec               legacy       <+1001h>  valid
                        """),
                argumentSet("list/provisioner-and-status", List.of("--provisioner", "acme", "--status", "valid"), """
                        SERIAL                            SUBJECT/SANS      PROVISIONER  NOT AFTER             STATUS
                        a1b2c3d4e5f60718293a4b5c6d7e8f90  app.example.test  acme         <+2h>  valid
                        """),
                argumentSet("list/none-match", List.of("--provisioner", "nobody"), """
                        SERIAL  SUBJECT/SANS  PROVISIONER  NOT AFTER  STATUS
                        """));
    }

    @ParameterizedTest
    @MethodSource("listings")
    void listPrintsTheMatchingCertificatesSoonestToExpireFirst(List<String> flags, String expected) {
        CliRun r = run("list", flags);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expand(expected));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void listSaysWhenTheLimitCutItShort() {
        CliRun r = run("list", List.of("--limit", "2"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expand("""
                SERIAL                            SUBJECT/SANS      PROVISIONER  NOT AFTER             STATUS
                c1d2e3f405162738495a6b7c8d9eaf02  old.example.test  acme         <-1h>  expired
                a1b2c3d4e5f60718293a4b5c6d7e8f90  app.example.test  acme         <+2h>  valid
                """));
        assertThat(r.err()).isEqualTo("Only the first 2 certificates are listed; pass a larger --limit to see the others.\n");
        assertThat(run("list", List.of("--limit", "7")).err()).as("exactly all of them").isEmpty();
    }

    @Test
    void listAsJsonIsOneArrayOfObjects() throws Exception {
        CliRun r = run("list", List.of("--provisioner", "node", "--format", "json"));
        assertThat(r.exit()).as(r.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(r.out())).isEqualTo(json.readTree(expand("""
                [
                  {"serial": "d1e2f30415263748596a7b8c9dae0f03", "provisioner": "node",
                   "subject": "CN=gone.example.test,O=Example \\"Ops\\"", "sans": ["gone.example.test"],
                   "notBefore": "<-1h>", "notAfter": "<+10h>", "status": "revoked", "revokedAt": "<-1h>", "revocationReason": 1},
                  {"serial": "e1f203142536475869708192a3b4c5d6", "provisioner": "node",
                   "subject": "CN=svc.example.test", "sans": ["svc.example.test", "10.1.2.3"],
                   "notBefore": "<-1h>", "notAfter": "<+30h>", "status": "valid", "revokedAt": null, "revocationReason": null},
                  {"serial": "b1c2d3e4f5061728394a5b6c7d8e9f01", "provisioner": "node",
                   "subject": "CN=db.example.test", "sans": ["db.example.test", "10.0.0.5"],
                   "notBefore": "<-1h>", "notAfter": "<+72h>", "status": "valid", "revokedAt": null, "revocationReason": null}
                ]
                """)));
        CliRun none = run("list", List.of("--provisioner", "nobody", "--format", "json"));
        assertThat(json.readTree(none.out())).isEqualTo(json.createArrayNode());
    }

    @Test
    void listAsCsvFollowsRfc4180() {
        CliRun r = run("list", List.of("--provisioner", "node", "--format", "csv"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expand(
                "serial,provisioner,subject,sans,notBefore,notAfter,status,revokedAt,revocationReason\r\n"
                + "d1e2f30415263748596a7b8c9dae0f03,node,\"CN=gone.example.test,O=Example \"\"Ops\"\"\",gone.example.test,<-1h>,<+10h>,revoked,<-1h>,1\r\n"
                + "e1f203142536475869708192a3b4c5d6,node,CN=svc.example.test,svc.example.test 10.1.2.3,<-1h>,<+30h>,valid,,\r\n"
                + "b1c2d3e4f5061728394a5b6c7d8e9f01,node,CN=db.example.test,db.example.test 10.0.0.5,<-1h>,<+72h>,valid,,\r\n"));
    }

    static Stream<Arguments> serials() {
        return Stream.of(
                argumentSet("show/hex", "e1f203142536475869708192a3b4c5d6"),
                argumentSet("show/hex-0x-upper-case", "0XE1F203142536475869708192A3B4C5D6"),
                argumentSet("show/colon-octets", "e1:f2:03:14:25:36:47:58:69:70:81:92:a3:b4:c5:d6"),
                argumentSet("show/decimal", E.toString()));
    }

    @ParameterizedTest
    @MethodSource("serials")
    void showPrintsTheRecordAndThePem(String serial) {
        CliRun r = run("show", List.of(serial));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expand("""
                Serial:            e1f203142536475869708192a3b4c5d6 (decimal %s)
                Provisioner:       node
                Subject:           CN=svc.example.test
                SANs:              svc.example.test, 10.1.2.3
                Not before:        <-1h>
                Not after:         <+30h>
                Status:            valid
                """.formatted(E)) + Pem.encodeCertificate(svc));
    }

    @Test
    void showOfARevokedCertificateSaysWhenAndWhy() {
        CliRun r = run("show", List.of(D.toString(16)));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expand("""
                Serial:            d1e2f30415263748596a7b8c9dae0f03 (decimal %s)
                Provisioner:       node
                Subject:           CN=gone.example.test,O=Example "Ops"
                SANs:              gone.example.test
                Not before:        <-1h>
                Not after:         <+10h>
                Status:            revoked
                Revoked at:        <-1h>
                Revocation reason: 1 (keyCompromise)
                """.formatted(D)) + Pem.encodeCertificate(gone));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                argumentSet("fail/bad-duration", List.of("list", "--expiring-within", "abc"),
                        "--expiring-within takes a duration like 24h or 30m, not \"abc\"."),
                argumentSet("fail/duration-in-days", List.of("list", "--expiring-within", "7d"),
                        "--expiring-within takes a duration like 24h or 30m, not \"7d\"."),
                argumentSet("fail/bad-status", List.of("list", "--status", "active"),
                        "--status takes valid, revoked or expired, not \"active\"."),
                argumentSet("fail/expiring-and-expired", List.of("list", "--status", "expired", "--expiring-within", "1h"),
                        "--expiring-within lists certificates that have not expired yet, so it cannot go with --status expired."),
                argumentSet("fail/bad-format", List.of("list", "--format", "xml"),
                        "--format takes table, json or csv, not \"xml\"."),
                argumentSet("fail/zero-limit", List.of("list", "--limit", "0"),
                        "--limit takes a whole number of at least 1, not \"0\"."),
                argumentSet("fail/bad-limit", List.of("list", "--limit", "all"),
                        "--limit takes a whole number of at least 1, not \"all\"."),
                argumentSet("fail/show-not-a-serial", List.of("show", "xyz"),
                        "SERIAL takes a serial in hex like 3f9a0c (as `signet ca certificates list` prints it) or in decimal, not \"xyz\"."),
                argumentSet("fail/show-unknown", List.of("show", "ffff"),
                        "There is no certificate with serial ffff in the CA's database."),
                argumentSet("fail/show-ambiguous", List.of("show", "1000"),
                        "SERIAL 1000 names two certificates, 0x1000 read as hex and 0x3e8 read as decimal; write the one you mean with 0x."));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void badInputIsOneSentenceAndExitOne(List<String> args, String message) {
        CliRun r = run(args.get(0), args.subList(1, args.size()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: " + message + "\n");
    }

    @Test
    void everySubcommandHasHelp() {
        for (List<String> cmd : List.of(List.of("ca", "certificates", "--help"), List.of("ca", "certificates", "list", "--help"),
                List.of("ca", "certificates", "show", "--help"))) {
            CliRun r = CliRun.of(cmd.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).startsWith("Usage: signet " + String.join(" ", cmd.subList(0, cmd.size() - 1)));
        }
    }

    private CliRun run(String subcommand, List<String> flags) {
        List<String> args = new ArrayList<>(List.of("ca", "certificates", subcommand));
        args.addAll(flags);
        args.addAll(List.of("--home", home.dir().toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The template with every {@code <+Nh>} replaced by the seeding instant plus N hours, as ISO-8601 UTC. */
    private String expand(String template) {
        return AT.matcher(template).replaceAll(m -> at(Long.parseLong(m.group(1))).toString());
    }

    private Instant at(long hours) {
        return now.plus(Duration.ofHours(hours));
    }

    private static X509Certificate certificate(BigInteger serial, String commonName, List<SubjectName> names, Instant notBefore,
            Instant notAfter) {
        KeyPair key = KeyType.EC_P256.generate();
        return CertificateBuilder.selfSigned(new CertificateSpec(CertificateSpec.commonName(commonName), key.getPublic(), serial,
                notBefore, notAfter, CertificateProfile.LEAF, names, Set.of(), List.of()), key.getPrivate());
    }

    /** A record as the signer stores it: valid from an hour before the seeding instant. */
    private CertificateRecord record(BigInteger serial, String provisioner, String subject, List<String> sans, Instant notAfter,
            Instant revokedAt, Integer reason, byte[] der) {
        return new CertificateRecord(serial, provisioner, subject, sans, at(-1), notAfter,
                revokedAt == null ? CertificateRecord.Status.VALID : CertificateRecord.Status.REVOKED, revokedAt, reason, der);
    }
}

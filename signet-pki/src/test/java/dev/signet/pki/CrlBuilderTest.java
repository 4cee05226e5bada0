package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streamed CRL encoding: read back by the JDK and by BouncyCastle, byte for byte what BouncyCastle's
 * {@code X509v2CRLBuilder} writes for the same input, reason codes, DER lengths and times, and refused inputs. The
 * CA's CRL as a whole is tested in signet-ca.
 */
class CrlBuilderTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant NEXT = NOW.plus(Duration.ofHours(1));
    private static final int[] REASONS = {0, 1, 2, 3, 4, 5, 6, 8, 9, 10};
    private static final Map<KeyType, Issuer> ISSUERS = new EnumMap<>(KeyType.class);
    private static KeyPair key;
    private static X509Certificate issuer;

    private record Issuer(KeyPair key, X509Certificate cert) {}

    @BeforeAll
    static void issuer() {
        Issuer ec = issuer(KeyType.EC_P256);
        key = ec.key();
        issuer = ec.cert();
    }

    private static synchronized Issuer issuer(KeyType type) {
        return ISSUERS.computeIfAbsent(type, t -> {
            KeyPair pair = t.generate();
            return new Issuer(pair, TestCerts.root(pair, "CRL Issuer " + t.name(), NOW.minus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(365))));
        });
    }

    private static X509CRL build(List<CrlBuilder.Entry> entries) throws Exception {
        return parse(CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.ONE, NOW, NEXT, entries));
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                argumentSet("ok/unspecified-has-no-extension", 0, null),
                argumentSet("ok/keyCompromise", 1, CRLReason.KEY_COMPROMISE),
                argumentSet("ok/cACompromise", 2, CRLReason.CA_COMPROMISE),
                argumentSet("ok/affiliationChanged", 3, CRLReason.AFFILIATION_CHANGED),
                argumentSet("ok/superseded", 4, CRLReason.SUPERSEDED),
                argumentSet("ok/cessationOfOperation", 5, CRLReason.CESSATION_OF_OPERATION),
                argumentSet("ok/certificateHold", 6, CRLReason.CERTIFICATE_HOLD),
                argumentSet("ok/removeFromCRL", 8, CRLReason.REMOVE_FROM_CRL),
                argumentSet("ok/privilegeWithdrawn", 9, CRLReason.PRIVILEGE_WITHDRAWN),
                argumentSet("ok/aACompromise", 10, CRLReason.AA_COMPROMISE));
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void eachReasonCodeIsWrittenAsRfc5280Says(int code, CRLReason expected) throws Exception {
        X509CRL crl = build(List.of(new CrlBuilder.Entry(BigInteger.TEN, NOW.minusSeconds(60), code)));
        crl.verify(issuer.getPublicKey());
        assertThat(crl.getRevokedCertificate(BigInteger.TEN).getRevocationReason()).isEqualTo(expected);
        assertThat(crl.getRevokedCertificate(BigInteger.TEN).getRevocationDate().toInstant()).isEqualTo(NOW.minusSeconds(60));
        assertThat(crl.getRevokedCertificate(BigInteger.TEN).hasExtensions()).isEqualTo(code != 0);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {-1, 7, 11})
    void codesOutsideRfc5280AreRefused(int code) {
        assertThatThrownBy(() -> new CrlBuilder.Entry(BigInteger.TEN, NOW, code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The revocation reason " + code + " is not an RFC 5280 reason code.");
    }

    static Stream<Arguments> sizeHints() {
        return Stream.of(
                argumentSet("hint/unknown", -1),
                argumentSet("hint/none-expected-so-the-buffer-grows", 0),
                argumentSet("hint/exact", 300),
                argumentSet("hint/ten-times-over-so-the-der-is-copied-out", 3_000));
    }

    @ParameterizedTest
    @MethodSource("sizeHints")
    void streamedEntriesGiveTheSameCrlWhateverTheSizeHint(long hint) throws Exception {
        List<CrlBuilder.Entry> entries = new ArrayList<>();
        Random random = new Random(hint);
        for (int i = 0; i < 300; i++) {
            entries.add(new CrlBuilder.Entry(new BigInteger(159, random).add(BigInteger.ONE), NOW.minusSeconds(300 - i),
                    REASONS[i % REASONS.length]));
        }
        Iterable<CrlBuilder.Entry> stream = () -> entries.iterator(); // not a Collection: no size to read

        java.nio.ByteBuffer der = CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.TEN, NOW, NEXT, stream, hint);

        assertThat(der.isReadOnly()).isTrue();
        byte[] bytes = new byte[der.remaining()];
        der.duplicate().get(bytes);
        X509CRL crl = parse(bytes);
        crl.verify(key.getPublic());
        byte[] reference = CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.TEN, NOW, NEXT, entries);
        assertThat(crl.getTBSCertList()).isEqualTo(parse(reference).getTBSCertList());
        assertThat(crl.getRevokedCertificates()).hasSize(300);
    }

    @Test
    void nextUpdateMustFollowThisUpdate() {
        assertThatThrownBy(() -> CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.ONE, NOW, NOW, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The CRL's nextUpdate " + NOW + " is not after its thisUpdate " + NOW + ".");
    }

    @Test
    void thePemBlockIsAnX509Crl() throws Exception {
        String pem = Pem.encodeCrl(build(List.of()));
        assertThat(pem).startsWith("-----BEGIN X509 CRL-----\n").endsWith("\n-----END X509 CRL-----\n");
    }

    @Test
    void thePemOfTheDerBytesIsThePemOfTheParsedCrlInLinesOf64() throws Exception {
        byte[] der = CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.ONE, NOW, NEXT, sample());
        byte[] pem = Pem.encodeCrlAscii(der);
        assertThat(new String(pem, StandardCharsets.US_ASCII)).isEqualTo(Pem.encodeCrl(parse(der)));
        String[] lines = new String(pem, StandardCharsets.US_ASCII).split("\n");
        assertThat(lines[0]).isEqualTo("-----BEGIN X509 CRL-----");
        assertThat(lines[lines.length - 1]).isEqualTo("-----END X509 CRL-----");
        for (int i = 1; i < lines.length - 2; i++) assertThat(lines[i]).hasSize(64);
        assertThat(lines[lines.length - 2].length()).isBetween(1, 64);
    }

    static Stream<Arguments> keyTypes() {
        return Stream.of(
                argumentSet("ok/ec-p256", KeyType.EC_P256),
                argumentSet("ok/ec-p384", KeyType.EC_P384),
                argumentSet("ok/rsa-2048", KeyType.RSA_2048),
                argumentSet("ok/ed25519", KeyType.ED25519));
    }

    @ParameterizedTest
    @MethodSource("keyTypes")
    void theStreamedDerIsWhatBouncyCastlesBuilderWrites(KeyType type) throws Exception {
        Issuer is = issuer(type);
        List<CrlBuilder.Entry> entries = sample();
        Instant thisUpdate = NOW.plusMillis(999); // truncated to NOW
        BigInteger number = new BigInteger("123456789012345678901234567890");
        byte[] der = CrlBuilder.encode(is.cert(), is.key().getPrivate(), number, thisUpdate, NEXT, entries);
        X509CRLHolder expected = reference(is.cert(), is.key().getPrivate(), number, thisUpdate, NEXT, entries);

        assertThat(HexFormat.of().formatHex(rawTbs(der)))
                .isEqualTo(HexFormat.of().formatHex(expected.toASN1Structure().getTBSCertList().getEncoded(ASN1Encoding.DER)));
        X509CRLHolder holder = new X509CRLHolder(der);
        assertThat(holder.toASN1Structure().getEncoded(ASN1Encoding.DER)).as("already DER: re-encoding changes nothing").isEqualTo(der);
        assertThat(holder.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC).build(is.cert().getPublicKey())))
                .isTrue();
        if (type == KeyType.RSA_2048 || type == KeyType.ED25519) {
            assertThat(der).as("deterministic signatures: the whole CRL is the same").isEqualTo(expected.getEncoded());
        }
        assertThat(der[0]).isEqualTo((byte) 0x30);
        assertThat(der[1]).as("over 255 bytes of content: long form, two length octets").isEqualTo((byte) 0x82);
    }

    @ParameterizedTest
    @MethodSource("keyTypes")
    void theJdkAndBouncyCastleReadEveryEntryInOrder(KeyType type) throws Exception {
        Issuer is = issuer(type);
        List<CrlBuilder.Entry> entries = sample();
        byte[] der = CrlBuilder.encode(is.cert(), is.key().getPrivate(), BigInteger.TWO, NOW, NEXT, entries);

        X509CRL crl = parse(der);
        crl.verify(is.cert().getPublicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal()).isEqualTo(is.cert().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NEXT);
        assertThat(crl.getSigAlgName()).isEqualToIgnoringCase(CertificateBuilder.signatureAlgorithm(is.cert().getPublicKey()));
        assertThat(crl.getRevokedCertificates()).hasSize(entries.size());
        for (CrlBuilder.Entry e : entries) {
            X509CRLEntry listed = crl.getRevokedCertificate(e.serial());
            assertThat(listed).as("serial %s", e.serial()).isNotNull();
            assertThat(listed.getRevocationDate().toInstant()).isEqualTo(e.revokedAt().truncatedTo(ChronoUnit.SECONDS));
            assertThat(listed.getRevocationReason()).isEqualTo(e.reason() == 0 ? null : CRLReason.values()[e.reason()]);
        }

        X509CRLHolder holder = new X509CRLHolder(der);
        List<X509CRLEntryHolder> read = new ArrayList<>();
        for (Object o : holder.getRevokedCertificates()) read.add((X509CRLEntryHolder) o);
        assertThat(read).hasSize(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            CrlBuilder.Entry e = entries.get(i);
            X509CRLEntryHolder r = read.get(i);
            assertThat(r.getSerialNumber()).isEqualTo(e.serial());
            assertThat(r.getRevocationDate().toInstant()).isEqualTo(e.revokedAt().truncatedTo(ChronoUnit.SECONDS));
            Extension reason = r.getExtension(Extension.reasonCode);
            if (e.reason() == 0) {
                assertThat(r.hasExtensions()).isFalse();
            } else {
                assertThat(reason.isCritical()).isFalse();
                assertThat(org.bouncycastle.asn1.x509.CRLReason.getInstance(reason.getParsedValue()).getValue().intValue())
                        .isEqualTo(e.reason());
            }
        }
        assertThat(ASN1Integer.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue()).getValue())
                .isEqualTo(BigInteger.TWO);
        assertThat(holder.getCriticalExtensionOIDs()).isEmpty();
    }

    @Test
    void timesAreUtcTimeUntil2049AndGeneralizedTimeFrom2050() throws Exception {
        BigInteger in2049 = BigInteger.valueOf(2049);
        BigInteger in2050 = BigInteger.valueOf(2050);
        BigInteger in1949 = BigInteger.valueOf(1949);
        List<CrlBuilder.Entry> entries = List.of(
                new CrlBuilder.Entry(in2049, Instant.parse("2049-12-31T23:59:59.999Z"), 1),
                new CrlBuilder.Entry(in2050, Instant.parse("2050-01-01T00:00:00Z"), 0),
                new CrlBuilder.Entry(in1949, Instant.parse("1949-12-31T23:59:59.5Z"), 0));
        byte[] der = CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.ONE, NOW, Instant.parse("2051-02-03T04:05:06Z"), entries);
        TBSCertList tbs = new X509CRLHolder(der).toASN1Structure().getTBSCertList();
        TBSCertList.CRLEntry[] revoked = tbs.getRevokedCertificates();
        String raw = HexFormat.of().formatHex(der);

        assertThat(tbs.getThisUpdate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
        assertThat(raw).contains("170d" + ascii("260301120000Z"));
        assertThat(tbs.getNextUpdate().toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
        assertThat(raw).contains("180f" + ascii("20510203040506Z"));
        assertThat(revoked[0].getRevocationDate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
        assertThat(raw).as("truncated to the second").contains("170d" + ascii("491231235959Z"));
        assertThat(revoked[1].getRevocationDate().toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
        assertThat(raw).contains("180f" + ascii("20500101000000Z"));
        assertThat(revoked[2].getRevocationDate().toASN1Primitive()).as("before 1950 UTCTime cannot say it either")
                .isInstanceOf(ASN1GeneralizedTime.class);
        assertThat(raw).contains("180f" + ascii("19491231235959Z"));
        X509CRL crl = parse(der);
        assertThat(crl.getRevokedCertificate(in2050).getRevocationDate().toInstant()).isEqualTo(Instant.parse("2050-01-01T00:00:00Z"));
        assertThat(crl.getRevokedCertificate(in1949).getRevocationDate().toInstant()).isEqualTo(Instant.parse("1949-12-31T23:59:59Z"));
    }

    @Test
    void serialsAreMinimalTwosComplementIntegers() throws Exception {
        List<CrlBuilder.Entry> entries = List.of(
                new CrlBuilder.Entry(BigInteger.valueOf(127), NOW, 0),
                new CrlBuilder.Entry(BigInteger.valueOf(128), NOW, 0),
                new CrlBuilder.Entry(BigInteger.ONE.shiftLeft(159), NOW, 0));
        byte[] der = CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.ONE, NOW, NEXT, entries);
        TBSCertList.CRLEntry[] revoked = new X509CRLHolder(der).toASN1Structure().getTBSCertList().getRevokedCertificates();
        assertThat(hex(revoked[0].getUserCertificate())).isEqualTo("02017f");
        assertThat(hex(revoked[1].getUserCertificate())).isEqualTo("02020080");
        assertThat(hex(revoked[2].getUserCertificate())).as("top bit of 20 octets set: a leading 0x00")
                .isEqualTo("021500" + "80" + "00".repeat(19));
        String raw = HexFormat.of().formatHex(der);
        assertThat(raw).contains("3012" + "02017f" + "170d" + ascii("260301120000Z"));
        assertThat(raw).contains("3013" + "02020080" + "170d" + ascii("260301120000Z"));
        assertThat(raw).contains("3026" + "021500" + "80" + "00".repeat(19) + "170d" + ascii("260301120000Z"));
    }

    @Test
    void anEmptyListLeavesOutRevokedCertificates() throws Exception {
        byte[] der = CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.ONE, NOW, NEXT, List.of());
        ASN1Sequence tbs = ASN1Sequence.getInstance(rawTbs(der));
        assertThat(tbs.size()).as("version, signature, issuer, thisUpdate, nextUpdate, crlExtensions").isEqualTo(6);
        assertThat(tbs.getObjectAt(5)).isInstanceOf(ASN1TaggedObject.class);
        assertThat(new X509CRLHolder(der).getRevokedCertificates()).isEmpty();
        X509CRL crl = parse(der);
        crl.verify(issuer.getPublicKey());
        assertThat(crl.getRevokedCertificates()).isNull();
        assertThat(HexFormat.of().formatHex(rawTbs(der))).isEqualTo(HexFormat.of().formatHex(
                reference(issuer, key.getPrivate(), BigInteger.ONE, NOW, NEXT, List.of()).toASN1Structure().getTBSCertList()
                        .getEncoded(ASN1Encoding.DER)));
    }

    @Test
    void entriesNeedNotBeACollection() {
        Issuer rsa = issuer(KeyType.RSA_2048); // deterministic signatures: whole CRLs compare
        List<CrlBuilder.Entry> entries = sample();
        Iterable<CrlBuilder.Entry> iterable = entries::iterator; // no size: the buffer grows as it goes
        byte[] fromList = CrlBuilder.encode(rsa.cert(), rsa.key().getPrivate(), BigInteger.TEN, NOW, NEXT, entries);
        byte[] fromIterable = CrlBuilder.encode(rsa.cert(), rsa.key().getPrivate(), BigInteger.TEN, NOW, NEXT, iterable);
        assertThat(fromIterable).isEqualTo(fromList);
    }

    @Test
    void timesPastYear9999AreRefused() {
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThatThrownBy(() -> CrlBuilder.encode(issuer, key.getPrivate(), BigInteger.ONE, NOW, NEXT,
                List.of(new CrlBuilder.Entry(BigInteger.TEN, far, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The time " + far + " cannot be encoded as an X.509 time (years 0000 to 9999).");
    }

    /**
     * Entries whose encodings use every DER length form: serials of 1 to 264 octets (with and without a leading 0x00),
     * every reason code, times from 1949 to 2140 with fractions of a second, and 300 random ones.
     */
    private static List<CrlBuilder.Entry> sample() {
        BigInteger[] serials = {
            BigInteger.ONE, BigInteger.valueOf(127), BigInteger.valueOf(128), BigInteger.valueOf(255), BigInteger.valueOf(256),
            BigInteger.ONE.shiftLeft(159), BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE),
            new BigInteger("7f" + "ff".repeat(19), 16), BigInteger.ONE.shiftLeft(1000), BigInteger.ONE.shiftLeft(2100)};
        Instant[] dates = {
            NOW.minusSeconds(60), Instant.parse("2049-12-31T23:59:59Z"), Instant.parse("2050-01-01T00:00:00Z"),
            Instant.parse("2107-06-15T08:30:45.999Z"), Instant.parse("1949-12-31T23:59:59.5Z"),
            Instant.parse("1950-01-01T00:00:00Z"), NOW.minusMillis(1), Instant.parse("1999-12-31T23:59:59Z")};
        List<CrlBuilder.Entry> entries = new ArrayList<>();
        for (int i = 0; i < serials.length; i++) {
            entries.add(new CrlBuilder.Entry(serials[i], dates[i % dates.length], REASONS[i % REASONS.length]));
        }
        Random random = new Random(5280);
        long from = Instant.parse("1950-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2140-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 300; i++) {
            BigInteger serial = new BigInteger(160, random).setBit(100);
            Instant at = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
            entries.add(new CrlBuilder.Entry(serial, at, REASONS[random.nextInt(REASONS.length)]));
        }
        return entries;
    }

    /** What BouncyCastle's {@code X509v2CRLBuilder} builds for the same input (the builder this class replaced). */
    private static X509CRLHolder reference(X509Certificate issuer, PrivateKey key, BigInteger number, Instant thisUpdate,
            Instant nextUpdate, List<CrlBuilder.Entry> entries) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        b.addExtension(Extension.cRLNumber, false, new ASN1Integer(number));
        b.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey()));
        for (CrlBuilder.Entry e : entries) {
            Extensions ext = null;
            if (e.reason() != 0) {
                ExtensionsGenerator g = new ExtensionsGenerator();
                g.addExtension(Extension.reasonCode, false, org.bouncycastle.asn1.x509.CRLReason.lookup(e.reason()));
                ext = g.generate();
            }
            b.addCRLEntry(e.serial(), Date.from(e.revokedAt()), ext);
        }
        return b.build(new JcaContentSignerBuilder(CertificateBuilder.signatureAlgorithm(issuer.getPublicKey()))
                .setProvider(Crypto.BC).build(key));
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    /** The TBSCertList exactly as encoded: the first element inside the CertificateList's SEQUENCE. */
    private static byte[] rawTbs(byte[] der) {
        int tbs = 1 + lengthOctets(der, 1);
        int end = tbs + 1 + lengthOctets(der, tbs + 1) + contentLength(der, tbs + 1);
        return Arrays.copyOfRange(der, tbs, end);
    }

    /** How many octets the DER length at {@code at} takes. */
    private static int lengthOctets(byte[] der, int at) {
        int first = der[at] & 0xff;
        return first < 0x80 ? 1 : 1 + (first & 0x7f);
    }

    /** The DER length at {@code at}. */
    private static int contentLength(byte[] der, int at) {
        int first = der[at] & 0xff;
        if (first < 0x80) return first;
        int length = 0;
        for (int i = 1; i <= (first & 0x7f); i++) length = (length << 8) | (der[at + i] & 0xff);
        return length;
    }

    private static String hex(org.bouncycastle.asn1.ASN1Encodable value) throws Exception {
        return HexFormat.of().formatHex(value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
    }

    private static String ascii(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }
}

package dev.signet.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Builds and signs X.509 v2 certificate revocation lists (RFC 5280 §5): issuer = the issuing CA's subject,
 * thisUpdate/nextUpdate, the CRL number (§5.2.3) and the authority key identifier (§5.2.1, from the issuer's public
 * key, so it equals the issuer's subject key identifier), and per entry the serial, revocation date and a reasonCode
 * extension (§5.3.1) unless the reason is unspecified (0), which RFC 5280 says to leave out. The signature algorithm
 * follows the issuer's key, as for certificates ({@link CertificateBuilder#signatureAlgorithm}); the signer is
 * {@link CertificateBuilder}'s (ECDSA on a prepared key, the others through {@link Crypto#BC}).
 *
 * <p>The DER is written as a stream ({@link #encode}): BouncyCastle encodes the fixed parts (signature algorithm,
 * issuer name, CRL extensions, the reasonCode extension of each code once), and each revokedCertificates entry is
 * written as bytes straight into one buffer, so a CRL of a million entries never exists as a tree of objects. The
 * output is the same DER {@code X509v2CRLBuilder} produces for the same input.
 *
 * <p>Times are whole seconds (truncated): UTCTime ({@code YYMMDDHHMMSSZ}) for the years 1950 to 2049 and
 * GeneralizedTime ({@code YYYYMMDDHHMMSSZ}) otherwise (§5.1.2.4, §4.1.2.5, {@link DerTime}); years after 9999 cannot
 * be encoded.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrlBuilder {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    /** version v2: INTEGER 1 (§5.1.2.1). */
    private static final byte[] VERSION_2 = {INTEGER, 1, 1};
    /** The longest DER header this class writes: a tag and a length of up to 4 octets after 0x84. */
    private static final int MAX_HEADER = 6;
    /** The encoded crlEntryExtensions of each reason code (§5.3.1); null for unspecified (0) and the unused 7. */
    private static final byte[][] REASON_EXTENSIONS = reasonExtensions();
    /** A guess at one entry's size: a 20-octet serial, UTCTime and a reasonCode; the buffer grows when it is short. */
    private static final int ENTRY_SIZE_GUESS = 56;

    private CrlBuilder() {}

    /**
     * One revoked certificate.
     *
     * @param reason RFC 5280 §5.3.1 reason code; 0 (unspecified) adds no extension
     */
    public record Entry(BigInteger serial, Instant revokedAt, int reason) {
        public Entry {
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(revokedAt, "revokedAt");
            if (reason < 0 || reason == 7 || reason > 10) {
                throw new IllegalArgumentException("The revocation reason " + reason + " is not an RFC 5280 reason code.");
            }
        }
    }

    /**
     * Builds a CRL issued by {@code issuer} and signed with {@code issuerKey}, and returns its DER encoding
     * ({@code CertificateList}, RFC 5280 §5.1). The entries are listed in the order {@code entries} gives them; with
     * none, the revokedCertificates field is left out (§5.1.2.6). {@code entries} is read once; a
     * {@link Collection} lets the buffer be sized up front.
     *
     * @throws IllegalArgumentException when nextUpdate is not after thisUpdate, the issuer's subject is empty, or a
     *     time lies outside the years 0000 to 9999
     * @throws PkiException when the CRL cannot be signed or encoded
     */
    public static byte[] encode(X509Certificate issuer, PrivateKey issuerKey, BigInteger number, Instant thisUpdate,
            Instant nextUpdate, Iterable<Entry> entries) {
        long expected = entries instanceof Collection<?> c ? c.size() : -1;
        ByteBuffer der = encode(issuer, issuerKey, number, thisUpdate, nextUpdate, entries, expected);
        byte[] out = new byte[der.remaining()];
        der.get(out);
        return out;
    }

    /**
     * As {@link #encode(X509Certificate, PrivateKey, BigInteger, Instant, Instant, Iterable)}, for entries read as a
     * stream (from a database cursor): the buffer is sized for {@code expectedEntries} up front (an upper bound such as
     * a count of revoked rows; negative when unknown) and the DER is returned in place, a read-only buffer over the
     * encoder's own array, copied to a smaller one only when over a quarter of it is unused. So a CRL of a million
     * entries (50 MB) needs one array of its size, not the two a final copy would.
     */
    public static ByteBuffer encode(X509Certificate issuer, PrivateKey issuerKey, BigInteger number, Instant thisUpdate,
            Instant nextUpdate, Iterable<Entry> entries, long expectedEntries) {
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("The CRL's nextUpdate " + nextUpdate + " is not after its thisUpdate " + thisUpdate + ".");
        }
        Objects.requireNonNull(number, "number");
        try {
            ContentSigner signer = CertificateBuilder.signer(issuerKey, issuer.getPublicKey());
            byte[] algorithm = signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
            X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            if (issuerName.getRDNs().length == 0) {
                throw new IllegalArgumentException("The CRL issuer's subject is empty; RFC 5280 §5.1.2.3 needs a distinguished name.");
            }
            byte[] name = issuerName.getEncoded(ASN1Encoding.DER);
            DerTime times = new DerTime();
            byte[] thisTime = times.encode(thisUpdate);
            byte[] nextTime = times.encode(nextUpdate);
            ExtensionsGenerator crlExtensions = new ExtensionsGenerator();
            crlExtensions.addExtension(Extension.cRLNumber, false, new ASN1Integer(number));
            crlExtensions.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey()));
            byte[] extensions = new DERTaggedObject(true, 0, crlExtensions.generate()).getEncoded(ASN1Encoding.DER);

            // Layout: room for the headers and fixed fields, then the entries, written first; the fixed fields go
            // right before the entries once their length is known, and the CertificateList's header before them.
            int fixedLength = VERSION_2.length + algorithm.length + name.length + thisTime.length + nextTime.length;
            int prefix = 3 * MAX_HEADER + fixedLength;
            long guess = (long) prefix + extensions.length + 2L * algorithm.length + 1024
                    + (expectedEntries >= 0 ? expectedEntries * ENTRY_SIZE_GUESS : 4096);
            Buffer out = new Buffer((int) Math.min(guess, Buffer.MAX_SIZE), prefix);
            int entriesStart = out.size();
            for (Entry e : entries) {
                writeEntry(out, e, times);
            }
            int entriesLength = out.size() - entriesStart;
            out.write(extensions);
            int tbsEnd = out.size();

            int revokedHeader = entriesLength == 0 ? 0 : headerLength(entriesLength);
            int tbsContent = fixedLength + revokedHeader + entriesLength + extensions.length;
            int tbsStart = entriesStart - revokedHeader - fixedLength - headerLength(tbsContent);
            int at = out.putHeader(tbsStart, SEQUENCE, tbsContent);
            at = out.put(at, VERSION_2);
            at = out.put(at, algorithm);
            at = out.put(at, name);
            at = out.put(at, thisTime);
            at = out.put(at, nextTime);
            if (entriesLength > 0) at = out.putHeader(at, SEQUENCE, entriesLength);
            if (at != entriesStart) throw new IllegalStateException("The TBSCertList header is misplaced.");

            try (OutputStream toSign = signer.getOutputStream()) {
                toSign.write(out.array(), tbsStart, tbsEnd - tbsStart);
            }
            byte[] signature = signer.getSignature();
            out.write(algorithm);
            out.writeHeader(BIT_STRING, signature.length + 1);
            out.write(0); // no unused bits
            out.write(signature);
            int listContent = out.size() - tbsStart;
            int listStart = tbsStart - headerLength(listContent);
            out.putHeader(listStart, SEQUENCE, listContent);
            return out.view(listStart);
        } catch (OperatorCreationException | java.security.NoSuchAlgorithmException e) {
            throw new PkiException("The CRL could not be built: " + SecureFiles.describe(e) + ".", e);
        } catch (IOException e) {
            throw new PkiException("The CRL could not be encoded: " + SecureFiles.describe(e) + ".", e);
        }
    }

    /** {@code SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions OPTIONAL }} (§5.1). */
    private static void writeEntry(Buffer out, Entry e, DerTime times) {
        byte[] serial = e.serial().toByteArray(); // minimal two's complement, as DER wants for an INTEGER
        byte[] extensions = REASON_EXTENSIONS[e.reason()];
        int timeLength = times.length(e.revokedAt());
        int content = headerLength(serial.length) + serial.length + timeLength + (extensions == null ? 0 : extensions.length);
        out.writeHeader(SEQUENCE, content);
        out.writeHeader(INTEGER, serial.length);
        out.write(serial);
        out.write(times, e.revokedAt());
        if (extensions != null) out.write(extensions);
    }

    /** The length of a DER tag (one octet) and definite length for {@code length} content octets. */
    private static int headerLength(int length) {
        if (length < 0x80) return 2;
        if (length < 0x100) return 3;
        if (length < 0x10000) return 4;
        if (length < 0x1000000) return 5;
        return 6;
    }

    private static byte[][] reasonExtensions() {
        byte[][] all = new byte[11][];
        for (int code = 1; code <= 10; code++) {
            if (code == 7) continue;
            try {
                ExtensionsGenerator g = new ExtensionsGenerator();
                g.addExtension(Extension.reasonCode, false, CRLReason.lookup(code));
                all[code] = g.generate().getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new IllegalStateException("The reasonCode extension " + code + " could not be encoded.", e);
            }
        }
        return all;
    }

    /**
     * A growable byte array with room kept free at its start (for headers written last), and DER definite lengths
     * (X.690 §8.1.3: the short form below 128, else 0x80 + the number of length octets, then the length big-endian).
     */
    private static final class Buffer {
        static final int MAX_SIZE = Integer.MAX_VALUE - 16;
        private byte[] bytes;
        private int size;

        /** An empty buffer of {@code capacity} bytes whose writes start at {@code reserved}. */
        Buffer(int capacity, int reserved) {
            bytes = new byte[Math.max(capacity, reserved + 16)];
            size = reserved;
        }

        int size() {
            return size;
        }

        byte[] array() {
            return bytes;
        }

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        void write(DerTime times, Instant t) {
            ensure(DerTime.MAX_LENGTH);
            size = times.write(bytes, size, t);
        }

        void writeHeader(int tag, int length) {
            ensure(MAX_HEADER);
            size = putHeader(size, tag, length);
        }

        /** Writes {@code b} at {@code at} inside what is already allocated; returns the position after it. */
        int put(int at, byte[] b) {
            System.arraycopy(b, 0, bytes, at, b.length);
            return at + b.length;
        }

        /** Writes a tag and DER length at {@code at}; returns the position after them. */
        int putHeader(int at, int tag, int length) {
            bytes[at++] = (byte) tag;
            if (length < 0x80) {
                bytes[at++] = (byte) length;
                return at;
            }
            int octets = headerLength(length) - 1 - 1;
            bytes[at++] = (byte) (0x80 | octets);
            for (int shift = 8 * (octets - 1); shift >= 0; shift -= 8) {
                bytes[at++] = (byte) (length >>> shift);
            }
            return at;
        }

        /**
         * The bytes from {@code from} to the end written, read-only: over this buffer's array, or over a copy of them
         * when more than a quarter of the array would be left unused.
         */
        ByteBuffer view(int from) {
            int length = size - from;
            byte[] array = bytes.length - length > bytes.length / 4 ? Arrays.copyOfRange(bytes, from, size) : bytes;
            int offset = array == bytes ? from : 0;
            return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
        }

        private void ensure(int more) {
            if (more <= bytes.length - size) return;
            long needed = (long) size + more;
            if (needed > MAX_SIZE) throw new PkiException("The CRL is too large to encode (over 2 GB).");
            long grown = Math.max(needed, Math.min((long) bytes.length + (bytes.length >> 1), MAX_SIZE));
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
    }
}

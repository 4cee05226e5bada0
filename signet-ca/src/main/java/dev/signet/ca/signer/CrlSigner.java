package dev.signet.ca.signer;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.RevokedCertificate;
import dev.signet.ca.storage.Storage;
import dev.signet.pki.CrlBuilder;
import dev.signet.pki.PkiException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;

/**
 * Signs the CA's certificate revocation list (RFC 5280 §5) with the intermediate key: issuer = the intermediate's
 * subject, thisUpdate = now, nextUpdate = now + the cache duration, a CRL number drawn from storage (so it grows across
 * restarts and instances), the authority key identifier (the intermediate's subject key identifier), and one entry
 * per revoked certificate that has not yet expired (expired ones leave the list, §3.3), with its reason code unless it
 * is unspecified.
 *
 * <p>Thread-safe: the key is only read; storage is thread-safe. Callers that publish serialise generations themselves
 * ({@link CrlPublisher}).
 */
public final class CrlSigner {
    /** The most entries the encoder's first buffer is sized for (about 58 MB); past it the buffer grows. */
    private static final long SIZE_HINT_CAP = 1L << 20;

    private final CaHierarchy ca;
    private final Storage storage;
    private final Clock clock;
    private final Duration validity;

    /**
     * @param validity nextUpdate minus thisUpdate; positive
     */
    public CrlSigner(CaHierarchy ca, Storage storage, Clock clock, Duration validity) {
        if (validity.isNegative() || validity.isZero()) throw new IllegalArgumentException("The CRL validity must be positive.");
        this.ca = ca;
        this.storage = storage;
        this.clock = clock;
        this.validity = validity;
    }

    /** How long each CRL is valid. */
    public Duration validity() {
        return validity;
    }

    /**
     * Builds and signs a new CRL from the revoked certificates in storage.
     *
     * @throws CaException {@code serverInternal} when it cannot be signed; storage errors as storage throws them
     */
    public SignedCrl sign() {
        Instant now = clock.instant();
        // every revocation ever made bounds the entries (expired ones are left out), so the encoder's buffer is sized
        // once; capped, so that a CA whose revocations have mostly expired does not set out with a huge buffer
        long revokedEver = Math.min(storage.revocationCount(), SIZE_HINT_CAP);
        long number = storage.nextCrlNumber();
        Instant nextUpdate = now.plus(validity);
        int[] listed = {0};
        try {
            // the rows stream from the database into the encoder, each mapped as it is written: a CRL of a million
            // entries holds its DER, never the entries
            ByteBuffer der = storage.readRevokedCertificates(now, rows -> CrlBuilder.encode(ca.intermediate(),
                    ca.intermediateKey(), BigInteger.valueOf(number), now, nextUpdate, () -> new Iterator<>() {
                        private final Iterator<RevokedCertificate> each = rows.iterator();

                        @Override
                        public boolean hasNext() {
                            return each.hasNext();
                        }

                        @Override
                        public CrlBuilder.Entry next() {
                            listed[0]++;
                            return entry(each.next());
                        }
                    }, revokedEver));
            // the CRL's times are whole seconds, truncated as the encoder writes them
            return new SignedCrl(der, number, now.truncatedTo(ChronoUnit.SECONDS), nextUpdate.truncatedTo(ChronoUnit.SECONDS),
                    listed[0]);
        } catch (PkiException | IllegalArgumentException e) {
            throw new CaException(Problem.SERVER_INTERNAL, "The CRL could not be signed: " + e.getMessage(), e);
        }
    }

    private static CrlBuilder.Entry entry(RevokedCertificate r) {
        // a reason stored outside RFC 5280's codes (none are written so today) is published as unspecified
        int reason = r.reason() < 0 || r.reason() == 7 || r.reason() > 10 ? 0 : r.reason();
        return new CrlBuilder.Entry(r.serial(), r.revokedAt(), reason);
    }
}

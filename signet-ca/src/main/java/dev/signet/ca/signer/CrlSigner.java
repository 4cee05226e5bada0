package dev.signet.ca.signer;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.RevokedCertificate;
import dev.signet.ca.storage.Storage;
import dev.signet.pki.CrlBuilder;
import dev.signet.pki.PkiException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractList;
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
        List<RevokedCertificate> revoked = storage.revokedCertificates(now);
        long number = storage.nextCrlNumber();
        Instant nextUpdate = now.plus(validity);
        // a view, not a copy: each entry is mapped as the encoder writes it; its size lets the encoder size its buffer
        List<CrlBuilder.Entry> entries = new AbstractList<>() {
            @Override
            public CrlBuilder.Entry get(int index) {
                return entry(revoked.get(index));
            }

            @Override
            public int size() {
                return revoked.size();
            }
        };
        try {
            byte[] der = CrlBuilder.encode(ca.intermediate(), ca.intermediateKey(), BigInteger.valueOf(number), now,
                    nextUpdate, entries);
            // the CRL's times are whole seconds, truncated as the encoder writes them
            return new SignedCrl(der, number, now.truncatedTo(ChronoUnit.SECONDS), nextUpdate.truncatedTo(ChronoUnit.SECONDS),
                    revoked.size());
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

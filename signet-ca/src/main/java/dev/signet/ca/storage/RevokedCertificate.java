package dev.signet.ca.storage;

import java.math.BigInteger;
import java.time.Instant;

/** One entry of a CRL (RFC 5280 §5.1.2.6): serial, revocation time and reason code. Immutable. */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, int reason) {}

package dev.signet.pki;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/**
 * One BouncyCastle domain per NIST curve (FIPS 186-4 P-256, P-384, P-521) for the whole process. BouncyCastle keeps the
 * tables it precomputes for a point on that point object, so signing and verifying on these shared domains build the
 * generator's tables once instead of once per operation.
 *
 * <p>Immutable and thread-safe (BouncyCastle builds its tables under its own lock).
 */
public final class EcDomains {
    public static final ECDomainParameters P256 = domain("P-256");
    public static final ECDomainParameters P384 = domain("P-384");
    public static final ECDomainParameters P521 = domain("P-521");

    private EcDomains() {}

    private static ECDomainParameters domain(String name) {
        X9ECParameters x9 = CustomNamedCurves.getByName(name);
        return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
    }
}

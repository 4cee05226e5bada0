package dev.signet.pki;

import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The shared BouncyCastle provider instance and CSPRNG. The provider is used explicitly (never installed globally) for
 * signing, signature verification and PKCS#8 encryption: measured on JDK 25 its P-256 verify is about three times and
 * its Ed25519 about nine times faster than the JDK's. Key generation stays on the JDK providers so that keys work
 * unchanged with JSSE.
 *
 * <p>Both fields are thread-safe.
 */
public final class Crypto {
    /** The BouncyCastle JCA provider, shared. */
    public static final Provider BC = new BouncyCastleProvider();

    /** A CSPRNG shared by serial numbers, key generation and password generation. */
    public static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {}
}

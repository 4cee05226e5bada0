package dev.signet.cli;

import dev.signet.pki.KeyType;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The {@code --kty}, {@code --curve} and {@code --size} options of commands that generate a key pair. */
public final class KeyTypeOptions {
    @Option(names = "--kty", defaultValue = "EC", description = "Key type: EC, RSA or OKP (default: ${DEFAULT-VALUE}).")
    String kty;

    @Option(names = "--curve", description = "EC curve P-256 or P-384; OKP curve Ed25519.")
    String curve;

    @Option(names = "--size", description = "RSA key size: 2048, 3072 or 4096 (default 3072).")
    Integer size;

    /** The key type the options select; each inconsistent combination is a {@link CliException} naming the flag. */
    public KeyType keyType() {
        String k = kty.trim().toUpperCase(Locale.ROOT);
        switch (k) {
            case "EC":
                if (size != null) throw new CliException("--size applies to RSA keys only.");
                return curve == null ? KeyType.EC_P256 : CliException.forFlag("--curve", () -> {
                    KeyType t = KeyType.parse(curve);
                    if (!t.family().equals("EC")) throw new IllegalArgumentException("\"" + curve + "\" is not an EC curve; use P-256 or P-384.");
                    return t;
                });
            case "RSA":
                if (curve != null) throw new CliException("--curve does not apply to RSA keys.");
                int bits = size == null ? 3072 : size;
                return CliException.forFlag("--size", () -> KeyType.parse("RSA-" + bits));
            case "OKP":
                if (curve != null && !curve.equalsIgnoreCase("Ed25519")) throw new CliException("--curve for OKP keys must be Ed25519.");
                return KeyType.ED25519;
            default:
                throw new CliException("--kty must be EC, RSA or OKP, not \"" + kty + "\".");
        }
    }
}

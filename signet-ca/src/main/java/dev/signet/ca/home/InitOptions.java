package dev.signet.ca.home;

import dev.signet.pki.KeyType;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * What {@code signet ca init} (or a container's first start) asks for. Immutable apart from the password array.
 *
 * @param password the key password, or null to generate one (then it is stored in {@code secrets/password})
 * @param storePassword whether to keep a given password in {@code secrets/password} (container-style init)
 * @param existingRoot an existing root to sign the intermediate with, or null to create a root
 * @param existingRootKey its key, with {@code existingRoot}
 * @param defaultCertDuration the authority's default certificate lifetime, or null for 24h
 */
public record InitOptions(
        CaHome home,
        String name,
        List<String> dnsNames,
        String address,
        String provisioner,
        char[] password,
        boolean storePassword,
        KeyType keyType,
        Duration rootValidity,
        Duration intermediateValidity,
        X509Certificate existingRoot,
        PrivateKey existingRootKey,
        Duration defaultCertDuration,
        boolean force) {

    /** Ten years, as in seed 002, for both the root and the intermediate. */
    public static final Duration TEN_YEARS = Duration.ofHours(87600);

    public InitOptions {
        dnsNames = List.copyOf(dnsNames);
    }
}

package dev.signet.ca.home;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The layout of a CA home directory, as in seed 002:
 * <pre>
 * config/ca.json              configuration
 * certs/root_ca.crt           root certificate (public)
 * certs/intermediate_ca.crt   intermediate certificate (public)
 * secrets/root_ca_key         root key, encrypted (absent when the root is external)
 * secrets/intermediate_ca_key intermediate key, encrypted
 * secrets/password            the key password, when Signet generated or was given it to keep
 * db/                         the database
 * </pre>
 * Immutable.
 */
public record CaHome(Path dir) {
    public CaHome {
        dir = dir.toAbsolutePath().normalize();
    }

    /** {@code $SIGNET_HOME}, else {@code ~/.signet}. */
    public static CaHome fromEnvironment(Map<String, String> env) {
        String home = env.get("SIGNET_HOME");
        if (home != null && !home.isBlank()) return new CaHome(Path.of(home));
        return new CaHome(Path.of(System.getProperty("user.home"), ".signet"));
    }

    public Path config() {
        return dir.resolve("config/ca.json");
    }

    /** The admin client certificate (mTLS for the admin API). */
    public Path adminCert() {
        return dir.resolve("secrets/admin.crt");
    }

    /** The admin certificate's key (unencrypted, 0400). */
    public Path adminKey() {
        return dir.resolve("secrets/admin_key");
    }

    public Path rootCert() {
        return dir.resolve("certs/root_ca.crt");
    }

    public Path intermediateCert() {
        return dir.resolve("certs/intermediate_ca.crt");
    }

    public Path rootKey() {
        return dir.resolve("secrets/root_ca_key");
    }

    public Path intermediateKey() {
        return dir.resolve("secrets/intermediate_ca_key");
    }

    public Path passwordFile() {
        return dir.resolve("secrets/password");
    }

    public Path db() {
        return dir.resolve("db");
    }

    /** A path from the config, resolved against the home when relative. */
    public Path resolve(String path) {
        return dir.resolve(path);
    }

    /** Whether a CA lives here (its config exists). */
    public boolean isInitialized() {
        return Files.exists(config());
    }
}

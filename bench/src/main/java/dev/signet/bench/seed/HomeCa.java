package dev.signet.bench.seed;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.signer.CaHierarchy;
import dev.signet.ca.signer.CaKeyFiles;
import dev.signet.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * What the seed and crl commands read from a CA home, loaded as {@code signet ca start} loads it: the config
 * ({@link CaConfigFile}, defaults applied and validated) and the run-time key hierarchy ({@link CaKeyFiles#load}: root
 * and intermediate certificates, the intermediate key decrypted with the CA password). Stateless.
 */
final class HomeCa {
    /** Exit code of a refusal: the home is not ready for the command. */
    static final int REFUSED = 2;

    private HomeCa() {}

    /**
     * The home's config.
     *
     * @throws CliException exit {@value #REFUSED} when the home holds no CA
     */
    static CaConfig config(CaHome home) {
        if (!home.isInitialized()) {
            throw new CliException("No CA in " + home.dir() + ": " + home.config() + " is missing; run `signet ca init --home "
                    + home.dir() + "` first.", REFUSED);
        }
        return CaConfigFile.load(home.config());
    }

    /**
     * Loads the root, the intermediate and the decrypted intermediate key. The password array is zeroed afterwards.
     *
     * @param passwordFile {@code --password-file}, or null
     */
    static CaHierarchy keys(CaHome home, CaConfig config, Path passwordFile) {
        char[] password = dev.signet.cli.ca.StartCommand.password(home, passwordFile, System.getenv());
        try {
            return CaKeyFiles.load(home.resolve(config.root()), home.resolve(config.crt()), home.resolve(config.key()), password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

}

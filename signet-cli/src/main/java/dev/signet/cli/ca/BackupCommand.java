package dev.signet.cli.ca;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.home.backup.CaBackup;
import dev.signet.cli.CliException;
import dev.signet.cli.Passwords;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca backup}: one encrypted archive of the CA (config, certificates, encrypted keys, a consistent
 * database snapshot) while it keeps serving. Prints the archive's SHA-256.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Write an encrypted backup of the CA (home and database) and print its SHA-256.")
final class BackupCommand implements Callable<Integer> {
    /** The environment variable that holds the backup password when no --password-file is given. */
    static final String PASSWORD_ENV = "SIGNET_BACKUP_PASSWORD";

    @Mixin HomeOption home;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The archive to write.") Path out;
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the backup password (else $" + PASSWORD_ENV + ").") Path passwordFile;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CaHome h = home.resolve();
        if (!h.isInitialized()) throw new CliException("There is no CA in " + h.dir() + " to back up.");
        CaConfig config = CaConfigFile.load(h.config());
        char[] password = password(passwordFile, System.getenv());
        try {
            CaBackup.Result r = CaBackup.create(h, config, out, password, Clock.systemUTC());
            var o = spec.commandLine().getOut();
            o.println("Backed up the CA in " + h.dir() + " (" + r.homeFiles() + " files and the " + r.database() + " database) to "
                    + r.file() + " (" + r.bytes() + " bytes).");
            o.println("SHA-256: " + r.sha256() + "  " + r.file().getFileName());
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The backup password: from the file, else from the environment; a backup without one is refused. */
    static char[] password(Path file, Map<String, String> env) {
        if (file != null) {
            char[] p = Passwords.fromFile(file);
            if (p.length < 8) throw new CliException("The backup password in " + file + " is shorter than 8 characters.");
            return p;
        }
        String fromEnv = env.get(PASSWORD_ENV);
        if (fromEnv == null || fromEnv.isEmpty()) {
            throw new CliException("A backup is always encrypted: give its password with --password-file FILE or in $" + PASSWORD_ENV + ".");
        }
        if (fromEnv.length() < 8) throw new CliException("The backup password in $" + PASSWORD_ENV + " is shorter than 8 characters.");
        return fromEnv.toCharArray();
    }
}

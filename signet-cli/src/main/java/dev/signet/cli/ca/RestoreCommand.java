package dev.signet.cli.ca;

import dev.signet.ca.home.CaHome;
import dev.signet.ca.home.backup.BackupCipher;
import dev.signet.ca.home.backup.CaRestore;
import dev.signet.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca restore}: a backup made by {@code signet ca backup} becomes a CA home again (and, for PostgreSQL, an
 * empty database is filled). A wrong password or a changed archive is refused before anything is written.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup into a new CA home (and an empty PostgreSQL database for PostgreSQL backups).")
final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The archive written by signet ca backup.") Path in;
    @Option(names = "--home", required = true, paramLabel = "DIR", description = "The new CA home; it must not exist or be empty.") Path home;
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the backup password (else $" + BackupCommand.PASSWORD_ENV + ").") Path passwordFile;
    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL backups: restore into this empty database instead of the one in the backup's config.") String dbUrl;
    @Option(names = "--files-only",
            description = "Restore only the home's files (config, certificates, encrypted keys), no database: for recovering lost CA keys.")
    boolean filesOnly;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(in)) throw new CliException("The backup file " + in + " does not exist.");
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql://")) {
            throw new CliException("--db-url must be a PostgreSQL JDBC URL like jdbc:postgresql://host:5432/signet?user=signet, not \"" + dbUrl + "\".");
        }
        if (filesOnly && dbUrl != null) throw new CliException("--files-only restores no database, so --db-url cannot be given with it.");
        char[] password = BackupCommand.password(passwordFile, System.getenv());
        try {
            if (filesOnly) {
                CaRestore.Result r = CaRestore.restoreFiles(in, password, new CaHome(home));
                spec.commandLine().getOut().println("Restored " + r.homeFiles() + " files to " + r.home().dir() + " without a database.");
                return 0;
            }
            CaRestore.Result r = CaRestore.restore(in, password, new CaHome(home), dbUrl);
            spec.commandLine().getOut().println("Restored " + r.homeFiles() + " files to " + r.home().dir() + " and the " + r.database()
                    + " database" + (r.databaseRows() > 0 ? " (" + r.databaseRows() + " rows)" : "") + "; start it with: signet ca start --home "
                    + r.home().dir());
            return 0;
        } catch (BackupCipher.BadArchiveException e) {
            throw new CliException("The backup " + in + " cannot be restored: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}

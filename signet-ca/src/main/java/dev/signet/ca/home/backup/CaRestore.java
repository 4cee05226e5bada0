package dev.signet.ca.home.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaDatabase;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.storage.JdbcStorage;
import dev.signet.pki.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Restores a {@link CaBackup} into a new home. The archive is decrypted and unpacked into a staging directory beside
 * the target, and only when every chunk has been authenticated (so a wrong password or any change to the file is
 * refused before anything is written) does the staging directory become the home. A PostgreSQL export is then loaded
 * into the database the restored config names (or {@code databaseUrl}), which must be empty, in one transaction.
 * Stateless.
 */
public final class CaRestore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CaRestore() {}

    /** What a restore did. */
    public record Result(CaHome home, String database, int homeFiles, long databaseRows) {}

    /**
     * @param databaseUrl a PostgreSQL JDBC URL to restore into instead of the one in the backup's config, or null
     * @throws BackupCipher.BadArchiveException for a wrong password or a damaged or changed archive
     * @throws IOException when the target exists and is not empty, or files cannot be written
     */
    public static Result restore(Path archive, char[] password, CaHome target, String databaseUrl) throws IOException, SQLException {
        return restore(archive, password, target, databaseUrl, false);
    }

    /**
     * Restores only the home's files (config, certificates, encrypted keys): no database is created or filled. This is
     * the first step of recovering lost CA keys while the database lives on (docs/operations.md, scenario 3).
     *
     * @throws BackupCipher.BadArchiveException for a wrong password or a damaged or changed archive
     * @throws IOException when the target exists and is not empty, or files cannot be written
     */
    public static Result restoreFiles(Path archive, char[] password, CaHome target) throws IOException, SQLException {
        return restore(archive, password, target, null, true);
    }

    private static Result restore(Path archive, char[] password, CaHome target, String databaseUrl, boolean filesOnly)
            throws IOException, SQLException {
        Path home = target.dir().toAbsolutePath();
        if (Files.exists(home)) {
            try (Stream<Path> entries = Files.list(home)) {
                if (entries.findAny().isPresent()) throw new IOException("The target home " + home + " exists and is not empty; restore into a new directory.");
            }
        }
        Files.createDirectories(home.getParent());
        Path staging = Files.createTempDirectory(home.getParent(), "." + home.getFileName() + ".restoring");
        try {
            Unpacked unpacked = unpack(archive, password, staging);
            CaConfig config = CaConfigFile.load(new CaHome(staging.resolve("home")).config());
            if (databaseUrl != null) {
                config = withDatabase(config, new CaConfig.Db("postgresql", databaseUrl, config.db().passwordFile(),
                        config.db().maxConnections(), config.db().leaseDuration()));
                CaConfigFile.write(config, staging.resolve("home/config/ca.json"));
            }
            if (filesOnly) {
                Files.deleteIfExists(home);
                Files.move(staging.resolve("home"), home, StandardCopyOption.ATOMIC_MOVE);
                return new Result(new CaHome(home), "no", unpacked.homeFiles, 0);
            }
            Path sqlite = staging.resolve(CaBackup.SQLITE_ENTRY);
            if (Files.exists(sqlite)) {
                if (config.db().usesPostgresql()) throw new IOException("The backup holds a SQLite database but its config names PostgreSQL.");
                Path dbFile = Path.of(config.db().dataSource());
                if (dbFile.isAbsolute()) {
                    // the restored CA keeps its database inside its own home, not where the original one was
                    config = withDatabase(config, new CaConfig.Db("sqlite", "db/signet.db", null, config.db().maxConnections(),
                            config.db().leaseDuration()));
                    CaConfigFile.write(config, staging.resolve("home/config/ca.json"));
                    dbFile = Path.of("db/signet.db");
                }
                Path placed = staging.resolve("home").resolve(dbFile);
                Files.createDirectories(placed.getParent());
                Files.move(sqlite, placed);
            }
            Files.deleteIfExists(home);
            Files.move(staging.resolve("home"), home, StandardCopyOption.ATOMIC_MOVE);
            long rows = 0;
            Path dump = staging.resolve(CaBackup.DUMP_ENTRY);
            CaHome restored = new CaHome(home);
            try (JdbcStorage migrated = CaDatabase.open(restored, config.db())) {
                migrated.ping(); // creates the schema (or checks it) before rows arrive
            }
            if (Files.exists(dump)) {
                try (Connection c = CaDatabase.connect(restored, config.db()); InputStream in = Files.newInputStream(dump)) {
                    rows = DatabaseDump.importInto(c, in);
                }
            }
            return new Result(restored, config.db().type(), unpacked.homeFiles, rows);
        } finally {
            SecureFiles.deleteTree(staging);
        }
    }

    private record Unpacked(int homeFiles) {}

    private static Unpacked unpack(Path archive, char[] password, Path staging) throws IOException {
        int files = 0;
        boolean manifest = false;
        try (InputStream file = Files.newInputStream(archive);
             InputStream plain = BackupCipher.decrypt(file, password)) {
            ZipInputStream zip = new ZipInputStream(plain);
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                Path target = staging.resolve(name).normalize();
                if (!target.startsWith(staging) || name.startsWith("/") || e.isDirectory()) {
                    throw new BackupCipher.BadArchiveException("The backup holds an entry \"" + name + "\" outside its layout; it is damaged.", false);
                }
                if (name.equals(CaBackup.MANIFEST)) {
                    JsonNode m = JSON.readTree(zip.readAllBytes());
                    if (m.path("format").asInt() != 1) throw new IOException("The backup's manifest has an unknown format " + m.path("format") + ".");
                    manifest = true;
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
                if (name.startsWith("home/")) {
                    files++;
                    if (name.startsWith("home/secrets/")) SecureFiles.setPermissions(target, SecureFiles.OWNER_READ_WRITE);
                }
            }
            // the ZIP reader stops at its central directory; read on so that the last chunk is authenticated too
            plain.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (!manifest) throw new IOException("The backup has no manifest.");
        if (!Files.exists(staging.resolve("home/config/ca.json"))) throw new IOException("The backup holds no config/ca.json.");
        return new Unpacked(files);
    }

    private static CaConfig withDatabase(CaConfig c, CaConfig.Db db) {
        return new CaConfig(c.address(), c.dnsNames(), c.root(), c.crt(), c.key(), db, c.tls(), c.authority(), c.logger(), c.acme(), c.crl());
    }
}

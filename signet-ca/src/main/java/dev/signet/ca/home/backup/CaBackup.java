package dev.signet.ca.home.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.config.CaConfig;
import dev.signet.ca.home.CaDatabase;
import dev.signet.ca.home.CaHome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a CA's backup: one encrypted archive ({@link BackupCipher}) of a ZIP holding {@code manifest.json}, every file
 * of the home (config, certificates, encrypted keys, provisioner secrets) under {@code home/}, and a consistent
 * snapshot of the database: for SQLite a copy made with SQLite's online backup API ({@code database/signet.db}),
 * for PostgreSQL an export of Signet's tables in one repeatable-read transaction ({@code database/dump.jsonl}).
 * Running instances keep serving meanwhile.
 *
 * <p>The archive is written to a temporary file beside {@code out} and moved into place only when complete, so a
 * failed backup leaves nothing half-written. Stateless.
 */
public final class CaBackup {
    static final String MANIFEST = "manifest.json";
    static final String SQLITE_ENTRY = "database/signet.db";
    static final String DUMP_ENTRY = "database/dump.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CaBackup() {}

    /** What a backup wrote. */
    public record Result(Path file, String sha256, long bytes, int homeFiles, String database) {}

    /**
     * Backs up the CA in {@code home} (whose config is {@code config}) to {@code out}, encrypted with {@code password}.
     *
     * @throws IOException when a file cannot be read or the archive written; {@code out} is then left as it was
     */
    public static Result create(CaHome home, CaConfig config, Path out, char[] password, Clock clock)
            throws IOException, SQLException {
        Path absolute = out.toAbsolutePath();
        if (absolute.startsWith(home.dir().toAbsolutePath())) {
            throw new IOException("The backup file " + out + " must not lie inside the CA home it backs up.");
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, "." + absolute.getFileName(), ".partial");
        try {
            MessageDigest sha256 = sha256();
            int files;
            try (OutputStream file = Files.newOutputStream(partial);
                 OutputStream hashed = new DigestOutputStream(file, sha256);
                 OutputStream encrypted = BackupCipher.encrypt(hashed, password, new SecureRandom());
                 ZipOutputStream zip = new ZipOutputStream(encrypted)) {
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("format", 1);
                manifest.put("createdAt", clock.instant().toString());
                manifest.put("database", config.db().type());
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
                files = addHome(zip, home, config);
                if (config.db().usesPostgresql()) {
                    zip.putNextEntry(new ZipEntry(DUMP_ENTRY));
                    try (Connection c = CaDatabase.connect(home, config.db())) {
                        DatabaseDump.export(c, zip);
                    }
                    zip.closeEntry();
                } else {
                    if (!Files.exists(home.resolve(config.db().dataSource()))) {
                        // a CA that never started has no database yet: create the empty one it would start with
                        CaDatabase.open(home, config.db()).close();
                    }
                    addSqliteSnapshot(zip, home.resolve(config.db().dataSource()), parent);
                }
            }
            Files.setPosixFilePermissions(partial, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            long bytes = Files.size(partial);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(absolute, HexFormat.of().formatHex(sha256.digest()), bytes, files, config.db().type());
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Adds the home's files, except the SQLite database (snapshotted apart) and logs. */
    private static int addHome(ZipOutputStream zip, CaHome home, CaConfig config) throws IOException {
        Path root = home.dir().toAbsolutePath();
        Path db = config.db().usesPostgresql() ? null : home.resolve(config.db().dataSource()).toAbsolutePath();
        int n = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = root.relativize(f).toString().replace('\\', '/');
            if (name.startsWith("logs/")) continue;
            if (db != null && (f.equals(db) || f.toString().equals(db + "-wal") || f.toString().equals(db + "-shm")
                    || f.toString().equals(db + "-journal"))) {
                continue;
            }
            zip.putNextEntry(new ZipEntry("home/" + name));
            Files.copy(f, zip);
            zip.closeEntry();
            n++;
        }
        return n;
    }

    /** A consistent copy of a live SQLite database, made with SQLite's online backup API. */
    private static void addSqliteSnapshot(ZipOutputStream zip, Path database, Path scratchDir) throws IOException, SQLException {
        if (!Files.exists(database)) throw new IOException("The database file " + database + " does not exist.");
        Path snapshot = Files.createTempFile(scratchDir, ".signet-snapshot", ".db");
        try {
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
                 Statement s = c.createStatement()) {
                s.executeUpdate("backup to " + snapshot.toAbsolutePath());
            }
            zip.putNextEntry(new ZipEntry(SQLITE_ENTRY));
            Files.copy(snapshot, zip);
            zip.closeEntry();
        } finally {
            Files.deleteIfExists(snapshot);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

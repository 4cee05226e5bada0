package dev.signet.ca.home;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.ConfigException;
import dev.signet.ca.storage.JdbcStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the database a CA home's config names: the SQLite file (relative to the home) or the PostgreSQL server, whose
 * password comes from {@code db.passwordFile}, else from the environment variable {@value #PASSWORD_ENV}, else none.
 * The password is never logged nor put in a message. Stateless.
 */
public final class CaDatabase {
    /** The environment variable that holds the PostgreSQL password when no {@code db.passwordFile} is set. */
    public static final String PASSWORD_ENV = "SIGNET_DB_PASSWORD";

    private CaDatabase() {}

    /**
     * Opens and migrates the database.
     *
     * @throws ConfigException when the password file cannot be read
     * @throws dev.signet.ca.error.CaException {@code UNAVAILABLE} when the database cannot be opened or migrated
     */
    public static JdbcStorage open(CaHome home, CaConfig.Db db) {
        return open(home, db, System.getenv());
    }

    static JdbcStorage open(CaHome home, CaConfig.Db db, Map<String, String> env) {
        if (!db.usesPostgresql()) return JdbcStorage.openSqlite(home.resolve(db.dataSource()));
        return JdbcStorage.openPostgresql(db.dataSource(), password(home, db, env), db.poolSize());
    }

    /**
     * A plain JDBC connection to the database (no pool, no migration), for backups and restores; the caller closes it.
     */
    public static java.sql.Connection connect(CaHome home, CaConfig.Db db) throws java.sql.SQLException {
        if (!db.usesPostgresql()) return java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve(db.dataSource()).toAbsolutePath());
        java.util.Properties props = new java.util.Properties();
        char[] password = password(home, db, System.getenv());
        if (password != null) props.setProperty("password", new String(password));
        return java.sql.DriverManager.getConnection(db.dataSource(), props);
    }

    /** A short description of where the data lives, for logs: the file, or the JDBC URL (which holds no password). */
    public static String describe(CaHome home, CaConfig.Db db) {
        return db.usesPostgresql() ? db.dataSource() : home.resolve(db.dataSource()).toString();
    }

    static char[] password(CaHome home, CaConfig.Db db, Map<String, String> env) {
        if (db.passwordFile() != null) {
            Path file = home.resolve(db.passwordFile());
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return text.strip().toCharArray();
            } catch (IOException e) {
                throw new ConfigException("The database password file " + file + " (db.passwordFile) cannot be read: " + e.getMessage() + ".", e);
            }
        }
        String fromEnv = env.get(PASSWORD_ENV);
        return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv.toCharArray();
    }
}

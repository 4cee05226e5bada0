package dev.signet.ca.testing;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.storage.JdbcStorage;
import java.time.Duration;
import java.nio.file.Path;

/**
 * One test's database, of either kind Signet supports, for storage tests parameterised over both: a SQLite file in the
 * test's directory, or a fresh database on the {@linkplain TestPostgres test PostgreSQL server}. {@link #open} may be
 * called again after closing, to reopen the same data. Immutable.
 */
public final class TestDatabase {
    /** The database kinds, as {@code db.type} names them. */
    public enum Kind { SQLITE, POSTGRESQL }

    private final Kind kind;
    private final Path file;
    private final String url;

    private TestDatabase(Kind kind, Path file, String url) {
        this.kind = kind;
        this.file = file;
        this.url = url;
    }

    /** A new, empty database of this kind; a SQLite file goes to {@code dir/db/signet.db}. */
    public static TestDatabase create(Kind kind, Path dir) {
        return kind == Kind.SQLITE ? new TestDatabase(kind, dir.resolve("db/signet.db"), null)
                : new TestDatabase(kind, null, TestPostgres.newDatabase());
    }

    public Kind kind() {
        return kind;
    }

    /** Opens (and migrates) the database. */
    public JdbcStorage open() {
        return kind == Kind.SQLITE ? JdbcStorage.openSqlite(file) : JdbcStorage.openPostgresql(url, null, 8);
    }

    /** The JDBC URL of the database. */
    public String jdbcUrl() {
        return kind == Kind.SQLITE ? "jdbc:sqlite:" + file : url;
    }

    /** The {@code db} block of a ca.json using this database, with this lease. */
    public CaConfig.Db config(Duration lease) {
        return kind == Kind.SQLITE ? new CaConfig.Db("sqlite", file.toAbsolutePath().toString(), null, null, lease)
                : new CaConfig.Db("postgresql", url, null, 4, lease);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}

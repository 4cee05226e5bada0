package dev.signet.ca.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements kept per SQLite connection and used again. SQLite compiles a statement's SQL each time it is
 * prepared ({@code sqlite3_prepare_v2}), which costs more CPU than running most of this CA's statements: in the issue 7
 * profile at concurrency 128, preparing was 9% of the CA's CPU. PostgreSQL connections are not cached here: their
 * driver keeps its server-side statements per connection itself ({@code preparedStatementCacheQueries}).
 *
 * <p>A statement is handed out as a {@link Lease}; closing the lease clears the statement's parameters and returns it
 * to its connection's cache (a statement a caller still uses, because a row mapper runs the same SQL again on the same
 * connection, is not handed out twice: the second caller gets a fresh one, closed with its lease). Each connection
 * keeps at most {@value #PER_CONNECTION} statements, the least recently used going first. Statements of a connection
 * the pool has closed are dropped the next time a new connection is seen.
 *
 * <p>Statements run on the pool's own connection bypass its proxy, so the pool does not know when they leave a
 * transaction open and would not roll it back when the connection comes back: every transaction here ends itself
 * ({@link GroupCommit} and {@link Jdbc} commit or roll back, then restore auto-commit).
 *
 * <p>Thread-safe: the map of connections is guarded by its lock; a connection's own statements are only used by the
 * thread that holds the connection, which the pool gives to one thread at a time.
 */
final class Statements {
    static final int PER_CONNECTION = 128;

    private static final Map<SQLiteConnection, Map<String, Cached>> CACHES = new HashMap<>();

    private Statements() {}

    /** A cached statement and whether a caller holds it now. */
    private static final class Cached {
        final PreparedStatement statement;
        boolean leased;

        Cached(PreparedStatement statement) {
            this.statement = statement;
        }
    }

    /** One use of a prepared statement; close it when done (try-with-resources). */
    static final class Lease implements AutoCloseable {
        private final PreparedStatement statement;
        private final Cached cached;

        private Lease(PreparedStatement statement, Cached cached) {
            this.statement = statement;
            this.cached = cached;
        }

        PreparedStatement statement() {
            return statement;
        }

        @Override
        public void close() throws SQLException {
            if (cached == null) {
                statement.close();
                return;
            }
            try {
                statement.clearParameters(); // frees what SQLite holds of the bound values (blobs, text)
            } finally {
                cached.leased = false;
            }
        }
    }

    /** The statement for {@code sql} on {@code c}: cached when c is a SQLite connection, else freshly prepared. */
    static Lease prepare(Connection c, String sql) throws SQLException {
        if (!c.isWrapperFor(SQLiteConnection.class)) return new Lease(c.prepareStatement(sql), null);
        SQLiteConnection physical = c.unwrap(SQLiteConnection.class);
        Map<String, Cached> cache = cacheOf(physical);
        Cached cached = cache.get(sql);
        if (cached != null && cached.statement.isClosed()) {
            cache.remove(sql);
            cached = null;
        }
        if (cached == null) {
            // on the pool's own connection, not its proxy: the pool closes a proxy's statements when it takes it back
            cached = new Cached(physical.prepareStatement(sql));
            cache.put(sql, cached);
        } else if (cached.leased) {
            return new Lease(c.prepareStatement(sql), null);
        }
        cached.leased = true;
        return new Lease(cached.statement, cached);
    }

    /** Runs one statement that returns no rows (a SAVEPOINT, a RELEASE) through the cache. */
    static void execute(Connection c, String sql) throws SQLException {
        try (Lease lease = prepare(c, sql)) {
            lease.statement().execute();
        }
    }

    private static Map<String, Cached> cacheOf(SQLiteConnection connection) throws SQLException {
        synchronized (CACHES) {
            Map<String, Cached> cache = CACHES.get(connection);
            if (cache != null) return cache;
            for (Iterator<SQLiteConnection> it = CACHES.keySet().iterator(); it.hasNext(); ) {
                if (it.next().isClosed()) it.remove(); // closing the connection closed its statements
            }
            cache = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                    if (size() <= PER_CONNECTION || eldest.getValue().leased) return false;
                    try {
                        eldest.getValue().statement.close();
                    } catch (SQLException ignored) {
                        // the statement is dropped either way
                    }
                    return true;
                }
            };
            CACHES.put(connection, cache);
            return cache;
        }
    }
}

package dev.signet.ca.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.error.ProblemDetail;
import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.sqlite.SQLiteErrorCode;

/**
 * The connection, transaction and error handling that every table class of {@link JdbcStorage} shares, plus the
 * column conversions of the schema (instants as epoch milliseconds, lists as JSON text, booleans as 0/1, a
 * {@link ProblemDetail} as two columns).
 *
 * <p>Thread-safe: each call borrows its own pooled connection. A {@linkplain #transaction transaction} commits when
 * its work returns and rolls back on any exception; everything it wrote is then undone.
 *
 * <p>Isolation: SQLite transactions run one at a time on one writer thread, several of them sharing one commit
 * ({@link GroupCommit}), and are durable when {@link #transaction} returns. A PostgreSQL transaction runs
 * {@code SERIALIZABLE} (several instances write at once): its outcome is that of some serial order, and one that
 * the server aborts for a conflict (SQLSTATE 40001, or a deadlock, 40P01) is run again from the start, up to
 * {@value #CONFLICT_ATTEMPTS} times. Work passed to {@link #transaction} must therefore only touch the database.
 * Single statements outside a transaction run {@code READ COMMITTED}, where an {@code UPDATE ... WHERE} re-checks its
 * condition on the row it locked, which is what the compare-and-set updates rely on.
 */
final class Jdbc {
    static final ObjectMapper JSON = new ObjectMapper();
    static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    /** Work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException, IOException;
    }

    /** How often a PostgreSQL transaction aborted by a serialization conflict is tried in all. */
    static final int CONFLICT_ATTEMPTS = 10;

    private final HikariDataSource pool;
    private final boolean serializable;
    /** SQLite's transactions, committed in groups; null for PostgreSQL, whose instances write concurrently. */
    private final GroupCommit group;
    /** Audit events this thread's current transaction wrote, published once it commits. */
    private final ThreadLocal<List<AuditEvent>> uncommittedAudit = new ThreadLocal<>();
    private volatile java.util.function.Consumer<AuditEvent> auditListener = e -> {};

    /**
     * @param serializable run transactions {@code SERIALIZABLE} and retry them on conflicts (PostgreSQL)
     */
    Jdbc(HikariDataSource pool, boolean serializable) {
        this.pool = pool;
        this.serializable = serializable;
        this.group = serializable ? null : new GroupCommit(pool, uncommittedAudit, this::publish);
    }

    boolean isClosed() {
        return pool.isClosed();
    }

    void close() {
        if (group != null) group.close();
        pool.close();
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Runs read-only or single-statement work in auto-commit mode.
     *
     * @param what what the work does, completing "The database could not ..." in the error message
     */
    <T> T query(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException | IOException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs a long read whose rows are fetched as they are consumed ({@link #stream}). PostgreSQL's driver fetches rows
     * in batches only inside a transaction, so there the work runs in a read-only one; SQLite steps through the rows
     * of an auto-commit read anyway (and a transaction there would take the write lock: transactions begin
     * IMMEDIATE).
     */
    <T> T cursor(String what, Work<T> work) {
        if (!serializable) return query(what, work);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                return work.run(c);
            } finally {
                try {
                    c.rollback();
                } finally {
                    c.setReadOnly(false);
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException | IOException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs writes whose loss in a crash is harmless (an anti-replay nonce issued or used, an instance's presence),
     * committed without waiting for the disk. Every other commit waits for it: a stored nonce write costs a sync
     * otherwise, two per ACME request. On SQLite each statement of the work commits on its own (autocommit), so the
     * work must not need them to be atomic together.
     * <ul>
     *   <li>SQLite (WAL mode): {@code synchronous=NORMAL} for these statements only. The WAL is appended in order and the
     *       next durable commit syncs it, so a crash can lose only the latest such statements, never reorder or
     *       corrupt anything (sqlite.org/pragma.html#pragma_synchronous). The connection is back at {@code FULL}
     *       before it returns to the pool, or is evicted.</li>
     *   <li>PostgreSQL: {@code SET LOCAL synchronous_commit TO OFF} in its own transaction (the same guarantee, from
     *       the server).</li>
     * </ul>
     * Losing a used nonce's deletion lets it be used again within its lifetime after a crash, which a client could
     * also have had by asking for a fresh one: what nonces protect (replay of a captured request) still needs a
     * captured request signed by the account key. Losing an issued nonce makes the client retry after
     * {@code badNonce}.
     */
    <T> T undurable(String what, Work<T> work) {
        if (serializable) {
            return transaction(what, c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL synchronous_commit TO OFF");
                }
                return work.run(c);
            });
        }
        Connection c = null;
        try {
            c = pool.getConnection();
            // not through Statements: SQLite applies this PRAGMA when it compiles it, so a prepared one used again
            // would rely on SQLite recompiling it every time (it does so for PRAGMAs, which saves nothing by caching)
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA synchronous = NORMAL");
            }
            try {
                return work.run(c);
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA synchronous = FULL");
                } catch (SQLException e) {
                    pool.evictConnection(c); // never hand out a connection that commits without syncing
                    throw e;
                }
            }
        } catch (SQLException | IOException e) {
            throw failure(what, e);
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // an evicted or broken connection: the pool replaces it
                }
            }
        }
    }

    /** Runs work in one transaction; see {@link #transaction(String, Function, Work)}. */
    <T> T transaction(String what, Work<T> work) {
        return transaction(what, null, work);
    }

    /**
     * Runs work in one transaction: commits when it returns, rolls back when it throws.
     *
     * @param onUniqueViolation turns a unique constraint violation into the exception to throw, or null to treat it
     *     like any other database failure
     */
    <T> T transaction(String what, Function<SQLException, RuntimeException> onUniqueViolation, Work<T> work) {
        if (group != null && !group.isWriterThread()) {
            try {
                return group.run(work);
            } catch (SQLException e) {
                if (onUniqueViolation != null && isUniqueViolation(e)) throw onUniqueViolation.apply(e);
                throw failure(what, e);
            } catch (IOException e) {
                throw failure(what, e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(onUniqueViolation, work);
            } catch (SQLException e) {
                if (serializable && isConflict(e) && attempt < CONFLICT_ATTEMPTS) {
                    backOff(attempt);
                    continue;
                }
                throw failure(what, e);
            } catch (IOException e) {
                throw failure(what, e);
            }
        }
    }

    private <T> T attempt(Function<SQLException, RuntimeException> onUniqueViolation, Work<T> work)
            throws SQLException, IOException {
        List<AuditEvent> outer = uncommittedAudit.get();
        List<AuditEvent> audit = new ArrayList<>();
        uncommittedAudit.set(audit);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            if (serializable) c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try {
                T result = work.run(c);
                c.commit();
                uncommittedAudit.set(outer);
                audit.forEach(this::publish);
                return result;
            } catch (SQLException | IOException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                if (onUniqueViolation != null && e instanceof SQLException s && isUniqueViolation(s)) {
                    throw onUniqueViolation.apply(s);
                }
                throw e;
            } finally {
                if (serializable) c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } finally {
            uncommittedAudit.set(outer);
        }
    }

    /**
     * Sends every audit event to {@code listener} once it is committed (events of a rolled-back transaction never
     * reach it), on the thread that wrote it. Replaces the previous listener.
     */
    void publishAuditTo(java.util.function.Consumer<AuditEvent> listener) {
        auditListener = listener;
    }

    private void publish(AuditEvent e) {
        try {
            auditListener.accept(e);
        } catch (RuntimeException ex) {
            org.slf4j.LoggerFactory.getLogger(Jdbc.class).error("The audit listener failed on {}: {}", e.action(), ex.getMessage());
        }
    }

    /** Whether PostgreSQL aborted the transaction for a conflict with another one (it may succeed when run again). */
    static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    /** Waits a random time that grows with the attempt, so that conflicting transactions do not meet again. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Executes an insert, update or delete; returns the update count. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            PreparedStatement ps = lease.statement();
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** All rows of a query, mapped. */
    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException, IOException {
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            PreparedStatement ps = lease.statement();
            bind(ps, args);
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) result.add(row.map(rs));
            }
            return result;
        }
    }

    /** How many rows a streamed query fetches from the server at a time (PostgreSQL; SQLite steps row by row). */
    static final int STREAM_FETCH_SIZE = 1_000;

    /**
     * The rows of a query, mapped as {@code reader} iterates them (once) while the result set is open; returns what
     * {@code reader} returns. For reads too large to hold; run it inside {@link #cursor}.
     */
    static <R, T> T stream(Connection c, String sql, Row<R> row, Function<Iterable<R>, T> reader, Object... args)
            throws SQLException, IOException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.setFetchSize(STREAM_FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                RowIterator<R> rows = new RowIterator<>(rs, row);
                try {
                    return reader.apply(rows::claim);
                } catch (RowIterator.Failure f) {
                    if (f.getCause() instanceof SQLException e) throw e;
                    throw (IOException) f.getCause();
                }
            }
        }
    }

    /** A one-shot iterator over a result set; a failed read is carried out as {@link Failure} and rethrown by stream. */
    private static final class RowIterator<R> implements java.util.Iterator<R> {
        private final ResultSet rs;
        private final Row<R> row;
        private boolean claimed;
        private Boolean ahead;

        RowIterator(ResultSet rs, Row<R> row) {
            this.rs = rs;
            this.row = row;
        }

        java.util.Iterator<R> claim() {
            if (claimed) throw new IllegalStateException("The rows of a streamed query can be iterated only once.");
            claimed = true;
            return this;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                try {
                    ahead = rs.next();
                } catch (SQLException e) {
                    throw new Failure(e);
                }
            }
            return ahead;
        }

        @Override
        public R next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            ahead = null;
            try {
                return row.map(rs);
            } catch (SQLException | IOException e) {
                throw new Failure(e);
            }
        }

        /** A read failure inside the reader, carried out to {@link #stream}. */
        static final class Failure extends RuntimeException {
            Failure(Exception cause) {
                super(cause);
            }
        }
    }

    /** The first row of a query, mapped, if there is one. */
    static <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... args) throws SQLException, IOException {
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            PreparedStatement ps = lease.statement();
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
            }
        }
    }

    /** The first column of the first row as a long (for counts). */
    static long count(Connection c, String sql, Object... args) throws SQLException, IOException {
        return first(c, sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /**
     * Binds parameters by their Java type: instants as epoch milliseconds, big integers as decimal text, enums by
     * name, booleans as 0/1, lists as JSON text, null as SQL NULL.
     */
    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int index = i + 1;
            if (a == null) ps.setNull(index, Types.NULL);
            else if (a instanceof Instant t) ps.setLong(index, t.toEpochMilli());
            else if (a instanceof BigInteger b) ps.setString(index, b.toString());
            else if (a instanceof Enum<?> e) ps.setString(index, e.name());
            else if (a instanceof Boolean b) ps.setInt(index, b ? 1 : 0);
            else if (a instanceof byte[] bytes) ps.setBytes(index, bytes);
            else if (a instanceof List<?> l) ps.setString(index, json(l));
            else ps.setObject(index, a);
        }
    }

    static String json(Object value) throws SQLException {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new SQLException("The value cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** A nullable epoch-millisecond column. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** A nullable decimal column. */
    static BigInteger bigInteger(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : new BigInteger(value);
    }

    /** The two columns {@code <prefix>_problem} and {@code <prefix>_detail}, or null when the problem is null. */
    static ProblemDetail problem(ResultSet rs, String prefix) throws SQLException {
        String problem = rs.getString(prefix + "_problem");
        return problem == null ? null : new ProblemDetail(Problem.valueOf(problem), rs.getString(prefix + "_detail"));
    }

    static Problem problemOf(ProblemDetail error) {
        return error == null ? null : error.problem();
    }

    static String detailOf(ProblemDetail error) {
        return error == null ? null : error.detail();
    }

    /**
     * Inserts an audit event. Inside a {@link #transaction} it reaches the {@linkplain #publishAuditTo listener} when
     * the transaction commits; on an auto-commit connection, at once.
     */
    void insertAudit(Connection c, AuditEvent e) throws SQLException {
        update(c, "INSERT INTO audit_events (occurred_at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
                e.at(), e.actor(), e.action(), e.target(), e.outcome(), e.detail());
        List<AuditEvent> pending = uncommittedAudit.get();
        if (pending != null && !c.getAutoCommit()) pending.add(e);
        else publish(e);
    }

    static boolean isUniqueViolation(SQLException e) {
        return e.getErrorCode() == SQLiteErrorCode.SQLITE_CONSTRAINT.code
                && String.valueOf(e.getMessage()).contains("UNIQUE")
                || "23505".equals(e.getSQLState());
    }

    /** The error for a failed database call: {@code UNAVAILABLE} once closed, else {@code SERVER_INTERNAL}. */
    CaException failure(String what, Exception e) {
        Problem p = pool.isClosed() ? Problem.UNAVAILABLE : Problem.SERVER_INTERNAL;
        return new CaException(p, "The database could not " + what + ": " + rootMessage(e) + ".", e);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}

package dev.signet.ca.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import dev.signet.ca.error.ProblemDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;

/**
 * {@link Storage} over JDBC with a HikariCP pool. The schema is created and upgraded by Flyway from
 * {@code db/migration/<vendor>} at open.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL} (a committed certificate survives power loss), write
 * transactions begin {@code IMMEDIATE} so that concurrent writers queue on the busy timeout instead of failing, and
 * foreign keys are enforced. Thread-safe: each call borrows its own connection.
 */
public final class JdbcStorage implements Storage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private final HikariDataSource pool;

    private JdbcStorage(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Opens (creating if needed) the SQLite database at {@code file} and migrates it to the current schema.
     *
     * @throws CaException {@code UNAVAILABLE} when the file cannot be opened or migrated
     */
    public static JdbcStorage openSqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new CaException(Problem.UNAVAILABLE, "The database directory for " + file + " cannot be created: " + e.getMessage() + ".", e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(10_000);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(sqlite);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName("signet-sqlite");
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(3_000);
        hc.setInitializationFailTimeout(-1);
        return open(new HikariDataSource(hc), "sqlite", file.toString());
    }

    private static JdbcStorage open(HikariDataSource pool, String vendor, String description) {
        try {
            migrate(pool, vendor);
            return new JdbcStorage(pool);
        } catch (FlywayException | CaException e) {
            pool.close();
            throw new CaException(Problem.UNAVAILABLE, "The database " + description + " could not be opened or migrated: "
                    + rootMessage(e) + ".", e);
        }
    }

    private static void migrate(DataSource ds, String vendor) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/" + vendor)
                .loggers("slf4j")
                .load()
                .migrate();
    }

    @Override
    public void insertCertificate(CertificateRecord r, AuditEvent event) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO certificates (serial, provisioner, subject, sans, not_before, not_after, status,"
                                + " revoked_at, revocation_reason, der) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, r.serial().toString());
                    ps.setString(2, r.provisioner());
                    ps.setString(3, r.subject());
                    ps.setString(4, JSON.writeValueAsString(r.sans()));
                    ps.setLong(5, r.notBefore().toEpochMilli());
                    ps.setLong(6, r.notAfter().toEpochMilli());
                    ps.setString(7, r.status().name());
                    setNullableLong(ps, 8, r.revokedAt() == null ? null : r.revokedAt().toEpochMilli());
                    setNullableLong(ps, 9, r.revocationReason() == null ? null : r.revocationReason().longValue());
                    ps.setBytes(10, r.der());
                    ps.executeUpdate();
                }
                insertAudit(c, event);
                c.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException && isUniqueViolation((SQLException) e)) {
                    throw new DuplicateSerialException(r.serial(), e);
                }
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw failure("store certificate " + r.serial(), e);
        }
    }

    @Override
    public Optional<CertificateRecord> findCertificate(BigInteger serial) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT serial, provisioner, subject, sans, not_before, not_after, status, revoked_at,"
                             + " revocation_reason, der FROM certificates WHERE serial = ?")) {
            ps.setString(1, serial.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                long revokedAt = rs.getLong(8);
                Instant revoked = rs.wasNull() ? null : Instant.ofEpochMilli(revokedAt);
                int reason = rs.getInt(9);
                Integer reasonCode = rs.wasNull() ? null : reason;
                return Optional.of(new CertificateRecord(new BigInteger(rs.getString(1)), rs.getString(2), rs.getString(3),
                        JSON.readValue(rs.getString(4), STRING_LIST), Instant.ofEpochMilli(rs.getLong(5)),
                        Instant.ofEpochMilli(rs.getLong(6)), CertificateRecord.Status.valueOf(rs.getString(7)),
                        revoked, reasonCode, rs.getBytes(10)));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read certificate " + serial, e);
        }
    }

    @Override
    public long countCertificates() {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM certificates");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("count certificates", e);
        }
    }

    @Override
    public void appendAudit(AuditEvent event) {
        try (Connection c = pool.getConnection()) {
            insertAudit(c, event);
        } catch (SQLException e) {
            throw failure("append an audit event", e);
        }
    }

    @Override
    public List<AuditEvent> recentAuditEvents(int limit) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT occurred_at, actor, action, target, outcome, detail FROM audit_events ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new AuditEvent(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw failure("read audit events", e);
        }
    }

    @Override
    public void ping() {
        if (pool.isClosed()) throw new CaException(Problem.UNAVAILABLE, "The database is closed.");
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM flyway_schema_history");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
        } catch (SQLException | RuntimeException e) {
            throw new CaException(Problem.UNAVAILABLE, "The database cannot be reached: " + rootMessage(e) + ".", e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void insertAudit(Connection c, AuditEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_events (occurred_at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.at().toEpochMilli());
            ps.setString(2, e.actor());
            ps.setString(3, e.action());
            ps.setString(4, e.target());
            ps.setString(5, e.outcome());
            ps.setString(6, e.detail());
            ps.executeUpdate();
        }
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) ps.setNull(index, java.sql.Types.BIGINT);
        else ps.setLong(index, value);
    }

    private static boolean isUniqueViolation(SQLException e) {
        return e.getErrorCode() == SQLiteErrorCode.SQLITE_CONSTRAINT.code
                && String.valueOf(e.getMessage()).contains("UNIQUE")
                || "23505".equals(e.getSQLState());
    }

    private CaException failure(String what, Exception e) {
        Problem p = pool.isClosed() ? Problem.UNAVAILABLE : Problem.SERVER_INTERNAL;
        return new CaException(p, "The database could not " + what + ": " + rootMessage(e) + ".", e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
    // TODO(issue 3): ACME tables
    @Override
    public boolean revokeCertificate(BigInteger serial, int reason, Instant at, AuditEvent event) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void insertNonce(String nonce, Instant expiresAt) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean consumeNonce(String nonce, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public int purgeExpiredNonces(Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean insertAccount(AcmeAccount account, String eabKeyId, AuditEvent event) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<AcmeAccount> findAccount(String id) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<AcmeAccount> findAccountByThumbprint(String provisioner, String thumbprint) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean updateAccount(AcmeAccount account, AuditEvent event) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean changeAccountKey(String accountId, String oldThumbprint, String newThumbprint, String newJwk, AuditEvent event) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void insertOrder(AcmeOrder order, List<AcmeAuthorization> authorizations) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<AcmeOrder> findOrder(String id) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public List<String> orderIdsOfAccount(String accountId, String afterId, int limit) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public int countPendingOrders(String accountId, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public int countOrdersSince(String accountId, Instant since) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public List<AcmeOrder> ordersReplacing(String certId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<AcmeOrder> findOrderByCertificate(BigInteger serial) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean updateOrderStatus(String orderId, AcmeOrder.Status expected, AcmeOrder.Status next, ProblemDetail error,
            BigInteger certificateSerial) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<AcmeAuthorization> findAuthorization(String id) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean updateAuthorizationStatus(String id, AcmeAuthorization.Status expected, AcmeAuthorization.Status next) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean updateChallengeStatus(String challengeId, AcmeChallenge.Status expected, AcmeChallenge.Status next) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean recordValidation(String challengeId, boolean valid, Instant at, ProblemDetail error) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean hasValidAuthorization(String accountId, AcmeIdentifier identifier, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void insertEabKey(EabKey key, AuditEvent event) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<EabKey> findEabKey(String keyId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public List<EabKey> eabKeys(String provisioner) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean deleteEabKey(String keyId, AuditEvent event) {
        throw new UnsupportedOperationException("not yet");
    }

}

package dev.signet.bench.seed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.storage.CertificateRecord;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Writes rows of the {@code certificates} table over one plain JDBC connection, encoded as {@code JdbcStorage} writes
 * them through {@code Jdbc.bind}: serial as decimal text, the SANs as a JSON array of strings, instants as epoch
 * milliseconds, the status by its enum name ({@code VALID}, {@code REVOKED}), {@code revoked_at} and
 * {@code revocation_reason} NULL unless revoked, the DER as a BLOB. One prepared INSERT; every {@code batchSize} rows are
 * one transaction.
 *
 * <p>The connection is set up for bulk loading, for itself only: {@code journal_mode=WAL} (what the CA uses),
 * {@code synchronous=OFF} (commits do not wait for the disk: a crash while seeding may lose or corrupt the data, which
 * a benchmark fixture may), a large page cache and in-memory temporary storage. The CA's own connections keep their
 * {@code synchronous=FULL}. Not thread-safe.
 */
final class CertificateRows implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The columns of {@code JdbcStorage.CERTIFICATE_COLUMNS} (private there), in its order. */
    private static final String INSERT = "INSERT INTO certificates (serial, provisioner, subject, sans, not_before, not_after,"
            + " status, revoked_at, revocation_reason, der) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Connection connection;
    private final PreparedStatement insert;
    private final int batchSize;
    private final String provisioner;
    private final String subject;
    private final long notBefore;
    private final long notAfter;
    private final byte[] der;
    private int pending;

    private CertificateRows(Connection connection, int batchSize, String provisioner, X509Certificate template)
            throws SQLException, CertificateEncodingException {
        this.connection = connection;
        this.batchSize = batchSize;
        this.provisioner = provisioner;
        // as Signer.record stores a leaf: the subject DN in RFC 2253 form ("" for the empty subject of ACME leaves)
        this.subject = template.getSubjectX500Principal().getName();
        this.notBefore = template.getNotBefore().getTime();
        this.notAfter = template.getNotAfter().getTime();
        this.der = template.getEncoded();
        this.insert = connection.prepareStatement(INSERT);
    }

    /**
     * Sets up {@code connection} for seeding and prepares the insert. Closes the connection when that fails.
     *
     * @param template the certificate whose DER, subject and validity every row gets
     * @param cacheMib the connection's page cache in MiB
     */
    static CertificateRows open(Connection connection, int batchSize, int cacheMib, String provisioner, X509Certificate template)
            throws SQLException, CertificateEncodingException {
        try {
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = OFF");
                st.execute("PRAGMA cache_size = -" + cacheMib * 1024L);
                st.execute("PRAGMA temp_store = MEMORY");
            }
            connection.setAutoCommit(false);
            return new CertificateRows(connection, batchSize, provisioner, template);
        } catch (SQLException | CertificateEncodingException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Whether the database holds the CA's {@code certificates} table (a database the CA has opened once does). */
    static boolean hasCertificatesTable(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'certificates'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    /** Adds a valid certificate for {@code name}. */
    void addValid(BigInteger serial, String name) throws SQLException {
        bind(serial, name, CertificateRecord.Status.VALID);
        insert.setNull(8, Types.NULL);
        insert.setNull(9, Types.NULL);
        add();
    }

    /** Adds a certificate for {@code name} revoked at {@code revokedAtMillis} (epoch ms) for an RFC 5280 reason code. */
    void addRevoked(BigInteger serial, String name, long revokedAtMillis, int reason) throws SQLException {
        bind(serial, name, CertificateRecord.Status.REVOKED);
        insert.setLong(8, revokedAtMillis);
        insert.setInt(9, reason);
        add();
    }

    /** Commits the last rows and folds the write-ahead log into the database file, so that its size is the data's. */
    void finish() throws SQLException {
        commit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** Closes the statement and the connection; rows not yet committed are rolled back. */
    @Override
    public void close() throws SQLException {
        try {
            insert.close();
        } finally {
            connection.close();
        }
    }

    private void bind(BigInteger serial, String name, CertificateRecord.Status status) throws SQLException {
        insert.setString(1, serial.toString());
        insert.setString(2, provisioner);
        insert.setString(3, subject);
        insert.setString(4, sans(name));
        insert.setLong(5, notBefore);
        insert.setLong(6, notAfter);
        insert.setString(7, status.name());
        insert.setBytes(10, der);
    }

    private void add() throws SQLException {
        insert.addBatch();
        if (++pending >= batchSize) commit();
    }

    private void commit() throws SQLException {
        if (pending > 0) insert.executeBatch();
        connection.commit();
        pending = 0;
    }

    /** The SANs column as {@code Jdbc.json} writes a list: Jackson's JSON array of strings. */
    private static String sans(String name) throws SQLException {
        try {
            return JSON.writeValueAsString(List.of(name));
        } catch (JsonProcessingException e) {
            throw new SQLException("The name " + name + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}

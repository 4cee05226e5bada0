package dev.signet.ca.storage;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The CA's durable state. One interface with one implementation per database ({@link JdbcStorage} serves SQLite
 * today); schemas come from versioned migrations.
 *
 * <p>Implementations are thread-safe. Every method either completes durably or throws
 * {@link dev.signet.ca.error.CaException} ({@code SERVER_INTERNAL} or {@code UNAVAILABLE}); a duplicate serial
 * throws {@link DuplicateSerialException} so that the signer can draw another.
 */
public interface Storage extends AutoCloseable {
    /** Stores a newly issued certificate and its audit event in one transaction. */
    void insertCertificate(CertificateRecord record, AuditEvent event);

    /** Finds a certificate by serial. */
    Optional<CertificateRecord> findCertificate(BigInteger serial);

    /** Number of stored certificates. */
    long countCertificates();

    /** Appends an audit event. */
    void appendAudit(AuditEvent event);

    /** The newest audit events, newest first. */
    List<AuditEvent> recentAuditEvents(int limit);

    /**
     * Checks that the database answers.
     *
     * @throws dev.signet.ca.error.CaException with {@code UNAVAILABLE} and a reason when it does not
     */
    void ping();

    /** Closes connections; further calls fail. */
    @Override
    void close();
}

package dev.signet.ca.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail. Every event is stored in the database; when {@code logger.audit.enabled} is set it is also
 * appended as one JSON line to the audit file (for log shippers and logrotate, as in seed 000's hardening section).
 *
 * <p>Thread-safe: database writes are independent; file appends are serialised on this object.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final Clock clock;
    private final OutputStream file;

    /**
     * @param auditFile where to append JSON lines, or null to keep events in the database only
     */
    public AuditLog(Storage storage, Clock clock, Path auditFile) {
        this.storage = storage;
        this.clock = clock;
        this.file = auditFile == null ? null : openAppend(auditFile);
    }

    /** Records an event now. */
    public void record(String actor, String action, String target, String outcome, String detail) {
        AuditEvent e = new AuditEvent(clock.instant(), actor, action, target, outcome, detail);
        storage.appendAudit(e);
        append(e);
    }

    /** Stores an issued certificate together with its audit event, in one transaction. */
    public void recordIssuance(CertificateRecord record, String actor) {
        recordIssuance(record, actor, null);
    }

    /**
     * Stores an issued certificate with its audit event and, when {@code completes} is not null, completes that ACME
     * order with it, in one transaction.
     *
     * @throws dev.signet.ca.storage.FinalizationLostException when the order is no longer held by {@code completes}
     */
    public void recordIssuance(CertificateRecord record, String actor, dev.signet.ca.storage.Finalization completes) {
        AuditEvent e = new AuditEvent(clock.instant(), actor, "certificate.issue", record.serial().toString(), "success",
                "sans=" + String.join(",", record.sans()) + " notAfter=" + record.notAfter()
                        + (completes == null ? "" : " order=" + completes.orderId()));
        storage.insertCertificate(record, e, completes);
        append(e);
    }

    private void append(AuditEvent e) {
        if (file == null) return;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", e.at().toString());
        line.put("actor", e.actor());
        line.put("action", e.action());
        line.put("target", e.target());
        line.put("outcome", e.outcome());
        line.put("detail", e.detail());
        try {
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                file.write(bytes);
                file.flush();
            }
        } catch (IOException ex) {
            LOG.error("Could not append to the audit file: {}", ex.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (file == null) return;
        try {
            file.close();
        } catch (IOException e) {
            LOG.warn("Could not close the audit file: {}", e.getMessage());
        }
    }

    private static OutputStream openAppend(Path path) {
        try {
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new dev.signet.ca.config.ConfigException("The audit file " + path + " cannot be opened for appending: " + e.getMessage() + ".", e);
        }
    }
}

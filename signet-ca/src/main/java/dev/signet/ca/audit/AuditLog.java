package dev.signet.ca.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.Storage;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit trail. Every event is stored in the database; when {@code logger.audit.enabled} is set, every committed
 * event (including those the storage writes together with the change they record: provisioner, account, EAB and
 * revocation changes) is also appended as one JSON line to the {@link AuditFile} (for log shippers, as in seed 000's
 * hardening section), which rotates itself.
 *
 * <p>Thread-safe: database writes are independent; the file serialises its appends.
 */
public final class AuditLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final Clock clock;
    private final AuditFile file;

    /**
     * @param file where to append JSON lines, or null to keep events in the database only; closed with this log
     */
    public AuditLog(Storage storage, Clock clock, AuditFile file) {
        this.storage = storage;
        this.clock = clock;
        this.file = file;
        if (file != null) storage.publishAuditTo(this::append);
    }

    /** Records an event now. */
    public void record(String actor, String action, String target, String outcome, String detail) {
        storage.appendAudit(new AuditEvent(clock.instant(), actor, action, target, outcome, detail));
    }

    /** Stores an issued certificate together with its audit event, in one transaction. */
    public void recordIssuance(CertificateRecord record, String actor) {
        recordIssuance(record, actor, null, null);
    }

    /**
     * Stores an issued certificate with its audit event ({@code certificate.issue}, or {@code certificate.renew} when
     * it renews another) and, when {@code completes} is not null, completes that ACME order with it, in one
     * transaction.
     *
     * @param renews the serial of the certificate this one renews, or null
     * @throws dev.signet.ca.storage.FinalizationLostException when the order is no longer held by {@code completes}
     */
    public void recordIssuance(CertificateRecord record, String actor, dev.signet.ca.storage.Finalization completes,
            java.math.BigInteger renews) {
        AuditEvent e = new AuditEvent(clock.instant(), actor, renews == null ? "certificate.issue" : "certificate.renew",
                record.serial().toString(), "success",
                "sans=" + String.join(",", record.sans()) + " notAfter=" + record.notAfter()
                        + (completes == null ? "" : " order=" + completes.orderId())
                        + (renews == null ? "" : " renews=" + renews));
        storage.insertCertificate(record, e, completes);
    }

    /** The JSON line of an event in the audit file. */
    static String line(AuditEvent e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", e.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString()); // as precise as the database
        line.put("actor", e.actor());
        line.put("action", e.action());
        line.put("target", e.target());
        line.put("outcome", e.outcome());
        line.put("detail", e.detail());
        try {
            return JSON.writeValueAsString(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void append(AuditEvent e) {
        file.append(line(e));
    }

    @Override
    public void close() {
        if (file == null) return;
        storage.publishAuditTo(e -> {});
        file.close();
    }
}

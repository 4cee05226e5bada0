package dev.signet.ca.storage;

import java.time.Instant;
import java.util.List;

/**
 * Provisioners managed through the admin API, in table {@code managed_provisioners}, and the change counter in
 * {@code provisioner_state}. Every change and its audit event are one transaction that also bumps the counter.
 *
 * <p>Thread- and multi-instance-safe.
 */
final class ProvisionerTable {
    private final Jdbc db;

    ProvisionerTable(Jdbc db) {
        this.db = db;
    }

    List<String> documents() {
        return db.query("list the managed provisioners", c -> Jdbc.list(c,
                "SELECT document FROM managed_provisioners ORDER BY name", rs -> rs.getString(1)));
    }

    long version() {
        return db.query("read the provisioner version", c -> Jdbc.first(c,
                "SELECT version FROM provisioner_state WHERE id = 1", rs -> rs.getLong(1)).orElse(0L));
    }

    boolean put(String name, String document, boolean create, Instant at, AuditEvent event) {
        return db.transaction("store provisioner " + name, c -> {
            boolean exists = Jdbc.count(c, "SELECT COUNT(*) FROM managed_provisioners WHERE name = ?", name) > 0;
            if (exists == create) return false;
            if (create) {
                Jdbc.update(c, "INSERT INTO managed_provisioners (name, document, updated_at) VALUES (?, ?, ?)", name, document, at);
            } else {
                Jdbc.update(c, "UPDATE managed_provisioners SET document = ?, updated_at = ? WHERE name = ?", document, at, name);
            }
            bump(c, event);
            return true;
        });
    }

    boolean delete(String name, AuditEvent event) {
        return db.transaction("delete provisioner " + name, c -> {
            if (Jdbc.update(c, "DELETE FROM managed_provisioners WHERE name = ?", name) == 0) return false;
            bump(c, event);
            return true;
        });
    }

    private void bump(java.sql.Connection c, AuditEvent event) throws java.sql.SQLException {
        Jdbc.update(c, "UPDATE provisioner_state SET version = version + 1 WHERE id = 1");
        db.insertAudit(c, event);
    }
}

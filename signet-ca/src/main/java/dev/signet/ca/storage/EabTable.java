package dev.signet.ca.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * External account binding keys (RFC 8555 §7.3.4) in table {@code acme_eab_keys}.
 *
 * <p>Thread- and multi-instance-safe: a key is bound by a compare-and-set on its still empty
 * {@code bound_account_id}, inside the transaction that stores the account, so each key binds at most one account
 * even when several instances register at once. Changes are stored together with their audit event.
 */
final class EabTable {
    private static final String COLUMNS = "key_id, provisioner, reference, hmac_key, created_at, bound_account_id, bound_at";

    private final Jdbc db;

    EabTable(Jdbc db) {
        this.db = db;
    }

    void insert(EabKey key, AuditEvent event) {
        db.transaction("store EAB key " + key.keyId(), c -> {
            Jdbc.update(c, "INSERT INTO acme_eab_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", key.keyId(),
                    key.provisioner(), key.reference(), key.hmacKey(), key.createdAt(), key.boundAccountId(), key.boundAt());
            db.insertAudit(c, event);
            return null;
        });
    }

    Optional<EabKey> find(String keyId) {
        return db.query("read EAB key " + keyId, c ->
                Jdbc.first(c, "SELECT " + COLUMNS + " FROM acme_eab_keys WHERE key_id = ?", EabTable::key, keyId));
    }

    List<EabKey> ofProvisioner(String provisioner) {
        return db.query("list the EAB keys of provisioner " + provisioner, c -> Jdbc.list(c,
                "SELECT " + COLUMNS + " FROM acme_eab_keys WHERE provisioner = ? ORDER BY created_at, key_id",
                EabTable::key, provisioner));
    }

    boolean delete(String keyId, AuditEvent event) {
        return db.transaction("delete EAB key " + keyId, c -> {
            if (Jdbc.update(c, "DELETE FROM acme_eab_keys WHERE key_id = ?", keyId) == 0) return false;
            db.insertAudit(c, event);
            return true;
        });
    }

    /**
     * Binds the provisioner's key to the account, in the caller's transaction, if it is still unbound.
     *
     * @return false when the provisioner has no such key or it is already bound
     */
    static boolean bind(Connection c, String keyId, String provisioner, String accountId, Instant at) throws SQLException {
        return Jdbc.update(c, "UPDATE acme_eab_keys SET bound_account_id = ?, bound_at = ?"
                + " WHERE key_id = ? AND provisioner = ? AND bound_account_id IS NULL", accountId, at, keyId, provisioner) == 1;
    }

    private static EabKey key(ResultSet rs) throws SQLException {
        return new EabKey(rs.getString("key_id"), rs.getString("provisioner"), rs.getString("reference"),
                rs.getBytes("hmac_key"), Jdbc.instant(rs, "created_at"), rs.getString("bound_account_id"),
                Jdbc.instant(rs, "bound_at"));
    }
}

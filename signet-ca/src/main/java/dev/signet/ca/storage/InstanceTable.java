package dev.signet.ca.storage;

import java.time.Instant;

/**
 * The CA instances active on the database, in table {@code ca_instances}: one row per instance, refreshed by its
 * {@link InstancePresence}.
 *
 * <p>Thread- and multi-instance-safe: each instance writes only its own row, and deletes only rows that nobody has
 * refreshed for longer than an instance is allowed to stay silent.
 */
final class InstanceTable {
    private final Jdbc db;

    InstanceTable(Jdbc db) {
        this.db = db;
    }

    int announce(String id, Instant now, Instant staleBefore) {
        // presence is not a record worth a disk sync: a lost row is written again at the next beat
        return db.undurable("announce this instance", c -> {
            Jdbc.update(c, "INSERT INTO ca_instances (id, seen_at) VALUES (?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at", id, now);
            Jdbc.update(c, "DELETE FROM ca_instances WHERE seen_at < ?", staleBefore);
            return (int) Jdbc.count(c, "SELECT COUNT(*) FROM ca_instances WHERE id <> ?", id);
        });
    }

    void withdraw(String id) {
        db.undurable("withdraw this instance", c -> Jdbc.update(c, "DELETE FROM ca_instances WHERE id = ?", id));
    }
}

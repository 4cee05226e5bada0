package dev.signet.ca.storage;

import java.time.Instant;

/**
 * Used one-time tokens in table {@code used_tokens}: a token's {@code jti} is inserted when it is used, and the
 * primary key makes a second use fail, on any instance and after restarts. Rows of tokens that expired are deleted
 * as new ones arrive.
 *
 * <p>Thread- and multi-instance-safe: the insert decides.
 */
final class TokenTable {
    private final Jdbc db;

    TokenTable(Jdbc db) {
        this.db = db;
    }

    boolean use(String provisioner, String jti, Instant expiresAt, Instant now) {
        try {
            return db.transaction("record the use of token " + jti, e -> new UsedToken(), c -> {
                // a margin for instances whose clocks differ: a row goes an hour after its token could last be used
                Jdbc.update(c, "DELETE FROM used_tokens WHERE expires_at <= ?", now.minus(java.time.Duration.ofHours(1)));
                Jdbc.update(c, "INSERT INTO used_tokens (provisioner, jti, expires_at) VALUES (?, ?, ?)", provisioner, jti, expiresAt);
                return true;
            });
        } catch (UsedToken e) {
            return false;
        }
    }

    /** Thrown inside {@link #use} when the token was used before; never escapes this class. */
    static final class UsedToken extends RuntimeException {
        UsedToken() {
            super(null, null, false, false);
        }
    }
}

package dev.signet.ca.storage;

import dev.signet.ca.error.ProblemDetail;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Holds on work in progress that several instances share: orders being finalized and challenges being validated
 * (columns {@code finalize_*} of {@code acme_orders} and {@code processing_deadline} of {@code acme_challenges}).
 *
 * <p>Every change is one compare-and-set {@code UPDATE}: a hold is taken over only while its deadline has passed, so of
 * several instances trying at once exactly one succeeds (PostgreSQL re-checks the condition on the row it locked;
 * SQLite runs writers one at a time). Thread-safe.
 */
final class LeaseTables {
    private final Jdbc db;

    LeaseTables(Jdbc db) {
        this.db = db;
    }

    boolean startFinalization(Finalization f) {
        return db.transaction("start finalizing order " + f.orderId(), c -> Jdbc.update(c,
                "UPDATE acme_orders SET status = ?, finalize_csr = ?, finalize_token = ?, finalize_deadline = ?"
                        + " WHERE id = ? AND status = ?", AcmeOrder.Status.PROCESSING, f.csr(), f.token(), f.deadline(),
                f.orderId(), AcmeOrder.Status.READY) == 1);
    }

    Optional<Finalization> takeOverFinalization(String orderId, String token, Instant now, Instant deadline) {
        return db.transaction("take over order " + orderId, c -> {
            if (Jdbc.update(c, "UPDATE acme_orders SET finalize_token = ?, finalize_deadline = ? WHERE id = ? AND status = ?"
                    + " AND (finalize_deadline IS NULL OR finalize_deadline <= ?)", token, deadline, orderId,
                    AcmeOrder.Status.PROCESSING, now) == 0) {
                return Optional.empty();
            }
            return Jdbc.first(c, "SELECT finalize_csr FROM acme_orders WHERE id = ?",
                    rs -> new Finalization(orderId, token, deadline, rs.getBytes(1)), orderId);
        });
    }

    List<String> lapsedFinalizations(Instant now, int limit) {
        return db.query("list lapsed finalizations", c -> Jdbc.list(c,
                "SELECT id FROM acme_orders WHERE status = 'PROCESSING' AND (finalize_deadline IS NULL OR finalize_deadline <= ?)"
                        + " ORDER BY finalize_deadline LIMIT ?", rs -> rs.getString(1), now, limit));
    }

    boolean failFinalization(Finalization f, ProblemDetail error) {
        return db.transaction("fail order " + f.orderId(), c -> Jdbc.update(c,
                "UPDATE acme_orders SET status = ?, error_problem = ?, error_detail = ?, finalize_csr = NULL,"
                        + " finalize_deadline = NULL WHERE id = ? AND status = ? AND finalize_token = ?",
                AcmeOrder.Status.INVALID, Jdbc.problemOf(error), Jdbc.detailOf(error), f.orderId(),
                AcmeOrder.Status.PROCESSING, f.token()) == 1);
    }

    /** Inside the certificate's transaction: the order becomes valid with the certificate, or nothing is stored. */
    static void completeFinalization(Connection c, Finalization f, java.math.BigInteger serial) throws SQLException {
        if (Jdbc.update(c, "UPDATE acme_orders SET status = ?, certificate_serial = ?, finalize_csr = NULL,"
                        + " finalize_deadline = NULL WHERE id = ? AND status = ? AND finalize_token = ?",
                AcmeOrder.Status.VALID, serial, f.orderId(), AcmeOrder.Status.PROCESSING, f.token()) == 0) {
            throw new FinalizationLostException(f.orderId());
        }
    }

    boolean startValidation(String challengeId, Instant deadline) {
        return db.transaction("start validating challenge " + challengeId, c -> Jdbc.update(c,
                "UPDATE acme_challenges SET status = ?, processing_deadline = ? WHERE id = ? AND status = ?",
                AcmeChallenge.Status.PROCESSING, deadline, challengeId, AcmeChallenge.Status.PENDING) == 1);
    }

    boolean takeOverValidation(String challengeId, Instant now, Instant deadline) {
        return db.transaction("take over challenge " + challengeId, c -> Jdbc.update(c,
                "UPDATE acme_challenges SET processing_deadline = ? WHERE id = ? AND status = ?"
                        + " AND (processing_deadline IS NULL OR processing_deadline <= ?)", deadline, challengeId,
                AcmeChallenge.Status.PROCESSING, now) == 1);
    }

    List<String> authorizationsWithLapsedValidations(Instant now) {
        return db.query("list lapsed validations", c -> Jdbc.list(c,
                "SELECT DISTINCT authorization_id FROM acme_challenges WHERE status = 'PROCESSING'"
                        + " AND (processing_deadline IS NULL OR processing_deadline <= ?)", rs -> rs.getString(1), now));
    }
}

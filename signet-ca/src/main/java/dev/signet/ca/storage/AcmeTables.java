package dev.signet.ca.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.signet.ca.error.ProblemDetail;
import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * ACME accounts (RFC 8555 §7.1.2, §7.3), orders (§7.1.3, §7.4), authorizations (§7.1.4, §7.5) and challenges
 * (§7.1.5, §8) in tables {@code acme_accounts}, {@code acme_orders}, {@code acme_authorizations} and
 * {@code acme_challenges}.
 *
 * <p>Thread- and multi-instance-safe: every status change is a compare-and-set ({@code UPDATE ... WHERE id = ? AND
 * status = ?}) whose update count says whether this caller made it, so several CA instances can share the database.
 * Changes that touch several rows (an order with its authorizations and challenges, an account with its EAB binding
 * and audit event, a validation outcome on challenge and authorization) run in one transaction each.
 */
final class AcmeTables {
    private static final TypeReference<List<AcmeIdentifier>> IDENTIFIERS = new TypeReference<>() {};
    private static final String ACCOUNT_COLUMNS =
            "id, provisioner, key_thumbprint, jwk, status, contact, terms_agreed, eab_key_id, created_at";
    private static final String ORDER_COLUMNS = "id, account_id, provisioner, status, expires_at, identifiers, not_before,"
            + " not_after, profile, replaces, error_problem, error_detail, certificate_serial, created_at";
    private static final String AUTHORIZATION_COLUMNS =
            "id, account_id, order_id, identifier_type, identifier_value, wildcard, status, expires_at";
    private static final String CHALLENGE_COLUMNS =
            "id, authorization_id, type, token, status, validated_at, error_problem, error_detail";

    private final Jdbc db;

    AcmeTables(Jdbc db) {
        this.db = db;
    }

    // ---- accounts ----

    boolean insertAccount(AcmeAccount a, String eabKeyId, AuditEvent event) {
        return db.transaction("store account " + a.id(), e -> new DuplicateKeyException(a.keyThumbprint(), e), c -> {
            // binding first: when it fails nothing has been written yet; when the insert fails the binding rolls back
            if (eabKeyId != null && !EabTable.bind(c, eabKeyId, a.provisioner(), a.id(), a.createdAt())) return false;
            Jdbc.update(c, "INSERT INTO acme_accounts (" + ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    a.id(), a.provisioner(), a.keyThumbprint(), a.jwk(), a.status(), a.contact(), a.termsAgreed(),
                    eabKeyId != null ? eabKeyId : a.eabKeyId(), a.createdAt());
            db.insertAudit(c, event);
            return true;
        });
    }

    Optional<AcmeAccount> findAccount(String id) {
        return db.query("read account " + id, c -> Jdbc.first(c,
                "SELECT " + ACCOUNT_COLUMNS + " FROM acme_accounts WHERE id = ?", AcmeTables::account, id));
    }

    Optional<AcmeAccount> findAccountByThumbprint(String provisioner, String thumbprint) {
        return db.query("find the account with key " + thumbprint, c -> Jdbc.first(c,
                "SELECT " + ACCOUNT_COLUMNS + " FROM acme_accounts WHERE provisioner = ? AND key_thumbprint = ?",
                AcmeTables::account, provisioner, thumbprint));
    }

    /** Deactivated and revoked accounts are final (RFC 8555 §7.3.6), so only a valid account changes. */
    boolean updateAccount(AcmeAccount a, AuditEvent event) {
        return db.transaction("update account " + a.id(), c -> {
            if (Jdbc.update(c, "UPDATE acme_accounts SET status = ?, contact = ? WHERE id = ? AND status = ?",
                    a.status(), a.contact(), a.id(), AcmeAccount.Status.VALID) == 0) {
                return false;
            }
            db.insertAudit(c, event);
            return true;
        });
    }

    boolean changeAccountKey(String accountId, String oldThumbprint, String newThumbprint, String newJwk, AuditEvent event) {
        return db.transaction("change the key of account " + accountId, e -> new DuplicateKeyException(newThumbprint, e), c -> {
            if (Jdbc.update(c, "UPDATE acme_accounts SET key_thumbprint = ?, jwk = ? WHERE id = ? AND key_thumbprint = ?",
                    newThumbprint, newJwk, accountId, oldThumbprint) == 0) {
                return false;
            }
            db.insertAudit(c, event);
            return true;
        });
    }

    // ---- orders ----

    boolean insertOrder(AcmeOrder o, List<AcmeAuthorization> authorizations) {
        return db.transaction("store order " + o.id(), c -> {
            // RFC 9773 §5: checked inside the write transaction, so two orders cannot both replace one certificate
            if (o.replaces() != null && Jdbc.count(c, "SELECT COUNT(*) FROM acme_orders WHERE replaces = ? AND (status IN (?, ?)"
                    + " OR (status IN (?, ?) AND expires_at > ?))", o.replaces(), AcmeOrder.Status.VALID, AcmeOrder.Status.PROCESSING,
                    AcmeOrder.Status.PENDING, AcmeOrder.Status.READY, o.createdAt()) > 0) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO acme_orders (" + ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    o.id(), o.accountId(), o.provisioner(), o.status(), o.expiresAt(), o.identifiers(), o.notBefore(),
                    o.notAfter(), o.profile(), o.replaces(), Jdbc.problemOf(o.error()), Jdbc.detailOf(o.error()),
                    o.certificateSerial(), o.createdAt());
            for (int i = 0; i < authorizations.size(); i++) insertAuthorization(c, o, authorizations.get(i), i);
            return true;
        });
    }

    private static void insertAuthorization(Connection c, AcmeOrder o, AcmeAuthorization a, int position) throws SQLException {
        if (!o.id().equals(a.orderId())) {
            throw new IllegalArgumentException("Authorization " + a.id() + " belongs to order " + a.orderId()
                    + ", not to order " + o.id() + ".");
        }
        Jdbc.update(c, "INSERT INTO acme_authorizations (" + AUTHORIZATION_COLUMNS + ", position)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", a.id(), a.accountId(), a.orderId(), a.identifier().type(),
                a.identifier().value(), a.wildcard(), a.status(), a.expiresAt(), position);
        for (int i = 0; i < a.challenges().size(); i++) {
            AcmeChallenge ch = a.challenges().get(i);
            if (!a.id().equals(ch.authorizationId())) {
                throw new IllegalArgumentException("Challenge " + ch.id() + " belongs to authorization "
                        + ch.authorizationId() + ", not to authorization " + a.id() + ".");
            }
            Jdbc.update(c, "INSERT INTO acme_challenges (" + CHALLENGE_COLUMNS + ", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ch.id(), ch.authorizationId(), ch.type(), ch.token(), ch.status(), ch.validatedAt(),
                    Jdbc.problemOf(ch.error()), Jdbc.detailOf(ch.error()), i);
        }
    }

    Optional<AcmeOrder> findOrder(String id) {
        return db.query("read order " + id, c -> Jdbc.first(c,
                "SELECT " + ORDER_COLUMNS + " FROM acme_orders WHERE id = ?", rs -> order(c, rs), id));
    }

    List<String> orderIdsOfAccount(String accountId, String afterId, int limit) {
        return db.query("list the orders of account " + accountId, c -> afterId == null
                ? Jdbc.list(c, "SELECT id FROM acme_orders WHERE account_id = ? ORDER BY created_at, seq LIMIT ?",
                        rs -> rs.getString(1), accountId, limit)
                // keyset pagination: the rows after the cursor order in (created_at, seq), stable under inserts
                : Jdbc.list(c, "SELECT o.id FROM acme_orders o JOIN acme_orders a ON a.id = ? AND a.account_id = o.account_id"
                        + " WHERE o.account_id = ? AND (o.created_at > a.created_at OR (o.created_at = a.created_at AND o.seq > a.seq))"
                        + " ORDER BY o.created_at, o.seq LIMIT ?", rs -> rs.getString(1), afterId, accountId, limit));
    }

    /** The statuses are literals so that SQLite's planner sees that the partial index acme_orders_open (V8) fits. */
    static final String COUNT_OPEN_ORDERS =
            "SELECT COUNT(*) FROM acme_orders WHERE account_id = ? AND status IN ('PENDING', 'READY') AND expires_at > ?";

    int countPendingOrders(String accountId, Instant now) {
        return db.query("count the pending orders of account " + accountId, c -> (int) Jdbc.count(c, COUNT_OPEN_ORDERS, accountId, now));
    }

    int countOrdersSince(String accountId, Instant since) {
        return db.query("count the recent orders of account " + accountId, c -> (int) Jdbc.count(c,
                "SELECT COUNT(*) FROM acme_orders WHERE account_id = ? AND created_at >= ?", accountId, since));
    }

    List<AcmeOrder> ordersReplacing(String certId) {
        return db.query("find the orders replacing " + certId, c -> Jdbc.list(c,
                "SELECT " + ORDER_COLUMNS + " FROM acme_orders WHERE replaces = ? ORDER BY created_at, seq",
                rs -> order(c, rs), certId));
    }

    Optional<AcmeOrder> findOrderByCertificate(BigInteger serial) {
        return db.query("find the order of certificate " + serial, c -> Jdbc.first(c,
                "SELECT " + ORDER_COLUMNS + " FROM acme_orders WHERE certificate_serial = ? ORDER BY seq",
                rs -> order(c, rs), serial));
    }

    boolean updateOrderStatus(String orderId, AcmeOrder.Status expected, AcmeOrder.Status next, ProblemDetail error,
            BigInteger certificateSerial) {
        return db.transaction("update order " + orderId, c -> Jdbc.update(c,
                "UPDATE acme_orders SET status = ?, error_problem = ?, error_detail = ?, certificate_serial = ?"
                        + " WHERE id = ? AND status = ?", next, Jdbc.problemOf(error), Jdbc.detailOf(error), certificateSerial,
                orderId, expected) == 1);
    }

    // ---- authorizations and challenges ----

    Optional<AcmeAuthorization> findAuthorization(String id) {
        return db.query("read authorization " + id, c -> Jdbc.first(c,
                "SELECT " + AUTHORIZATION_COLUMNS + " FROM acme_authorizations WHERE id = ?", rs -> authorization(c, rs), id));
    }

    boolean updateAuthorizationStatus(String id, AcmeAuthorization.Status expected, AcmeAuthorization.Status next) {
        return db.transaction("update authorization " + id, c -> Jdbc.update(c,
                "UPDATE acme_authorizations SET status = ? WHERE id = ? AND status = ?", next, id, expected) == 1);
    }

    boolean updateChallengeStatus(String challengeId, AcmeChallenge.Status expected, AcmeChallenge.Status next) {
        return db.transaction("update challenge " + challengeId, c -> Jdbc.update(c,
                "UPDATE acme_challenges SET status = ? WHERE id = ? AND status = ?", next, challengeId, expected) == 1);
    }

    /**
     * The challenge moves only from processing; its authorization moves only from pending (one that was deactivated
     * or expired meanwhile keeps its status, while the challenge still records the outcome).
     */
    boolean recordValidation(String challengeId, boolean valid, Instant at, ProblemDetail error) {
        ProblemDetail stored = valid ? null : error;
        return db.transaction("record the validation of challenge " + challengeId, c -> {
            int n = Jdbc.update(c, "UPDATE acme_challenges SET status = ?, validated_at = ?, error_problem = ?, error_detail = ?"
                            + " WHERE id = ? AND status = ?", valid ? AcmeChallenge.Status.VALID : AcmeChallenge.Status.INVALID,
                    valid ? at : null, Jdbc.problemOf(stored), Jdbc.detailOf(stored), challengeId,
                    AcmeChallenge.Status.PROCESSING);
            if (n == 0) return false;
            Jdbc.update(c, "UPDATE acme_authorizations SET status = ? WHERE status = ?"
                            + " AND id = (SELECT authorization_id FROM acme_challenges WHERE id = ?)",
                    valid ? AcmeAuthorization.Status.VALID : AcmeAuthorization.Status.INVALID,
                    AcmeAuthorization.Status.PENDING, challengeId);
            return true;
        });
    }

    boolean hasValidAuthorization(String accountId, AcmeIdentifier identifier, boolean wildcard, Instant now) {
        return db.query("look up the authorizations of account " + accountId, c -> Jdbc.count(c,
                "SELECT COUNT(*) FROM acme_authorizations WHERE account_id = ? AND identifier_type = ?"
                        + " AND identifier_value = ? AND status = ? AND expires_at > ? AND (wildcard = 1 OR ? = 0)",
                accountId, identifier.type(), identifier.value(), AcmeAuthorization.Status.VALID, now, wildcard ? 1 : 0) > 0);
    }

    // ---- rows ----

    private static AcmeAccount account(ResultSet rs) throws SQLException, IOException {
        return new AcmeAccount(rs.getString("id"), rs.getString("provisioner"), rs.getString("key_thumbprint"),
                rs.getString("jwk"), AcmeAccount.Status.valueOf(rs.getString("status")),
                Jdbc.JSON.readValue(rs.getString("contact"), Jdbc.STRING_LIST), rs.getInt("terms_agreed") == 1,
                rs.getString("eab_key_id"), Jdbc.instant(rs, "created_at"));
    }

    private static AcmeOrder order(Connection c, ResultSet rs) throws SQLException, IOException {
        String id = rs.getString("id");
        List<String> authorizationIds = Jdbc.list(c,
                "SELECT id FROM acme_authorizations WHERE order_id = ? ORDER BY position", r -> r.getString(1), id);
        return new AcmeOrder(id, rs.getString("account_id"), rs.getString("provisioner"),
                AcmeOrder.Status.valueOf(rs.getString("status")), Jdbc.instant(rs, "expires_at"),
                Jdbc.JSON.readValue(rs.getString("identifiers"), IDENTIFIERS), Jdbc.instant(rs, "not_before"),
                Jdbc.instant(rs, "not_after"), rs.getString("profile"), rs.getString("replaces"), Jdbc.problem(rs, "error"),
                Jdbc.bigInteger(rs, "certificate_serial"), authorizationIds, Jdbc.instant(rs, "created_at"));
    }

    private static AcmeAuthorization authorization(Connection c, ResultSet rs) throws SQLException, IOException {
        String id = rs.getString("id");
        List<AcmeChallenge> challenges = Jdbc.list(c, "SELECT " + CHALLENGE_COLUMNS
                + " FROM acme_challenges WHERE authorization_id = ? ORDER BY position", AcmeTables::challenge, id);
        return new AcmeAuthorization(id, rs.getString("account_id"), rs.getString("order_id"),
                new AcmeIdentifier(rs.getString("identifier_type"), rs.getString("identifier_value")),
                rs.getInt("wildcard") == 1, AcmeAuthorization.Status.valueOf(rs.getString("status")),
                Jdbc.instant(rs, "expires_at"), challenges);
    }

    private static AcmeChallenge challenge(ResultSet rs) throws SQLException {
        return new AcmeChallenge(rs.getString("id"), rs.getString("authorization_id"), rs.getString("type"),
                rs.getString("token"), AcmeChallenge.Status.valueOf(rs.getString("status")), Jdbc.instant(rs, "validated_at"),
                Jdbc.problem(rs, "error"));
    }
}

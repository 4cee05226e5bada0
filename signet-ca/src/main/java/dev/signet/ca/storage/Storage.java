package dev.signet.ca.storage;

import java.math.BigInteger;
import dev.signet.ca.error.ProblemDetail;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The CA's durable state: issued certificates, the audit trail and all ACME state (nonces, accounts, orders,
 * authorizations, challenges, EAB keys), so that it survives restarts and can be shared by several instances. One
 * interface; {@link JdbcStorage} serves SQLite and PostgreSQL from the same versioned migrations.
 *
 * <p>Implementations are thread-safe. Every method either completes durably or throws
 * {@link dev.signet.ca.error.CaException} ({@code SERVER_INTERNAL} or {@code UNAVAILABLE}); a duplicate serial
 * throws {@link DuplicateSerialException} so that the signer can draw another.
 */
public interface Storage extends AutoCloseable {
    /** Stores a newly issued certificate and its audit event in one transaction. */
    default void insertCertificate(CertificateRecord record, AuditEvent event) {
        insertCertificate(record, event, null);
    }

    /**
     * Stores a newly issued certificate and its audit event and, when {@code completes} is not null, moves that order
     * from processing to valid with the certificate: all in one transaction, so an order is never valid without its
     * certificate nor a certificate stored for an order another instance finishes.
     *
     * @throws FinalizationLostException when the order is no longer processing under {@code completes}' token
     *     (nothing is stored then)
     */
    void insertCertificate(CertificateRecord record, AuditEvent event, Finalization completes);

    /** Finds a certificate by serial. */
    Optional<CertificateRecord> findCertificate(BigInteger serial);

    /** Number of stored certificates. */
    long countCertificates();

    /**
     * The stored certificates that match every filter of {@code query}, soonest notAfter first (ties in serial
     * order), at most {@code query.limit()} of them. A read only: it may run while the CA serves, on any instance.
     */
    List<CertificateRecord> listCertificates(CertificateQuery query);

    /**
     * The revoked certificates that expire after {@code expiringAfter} (older ones may leave the CRL, RFC 5280
     * §3.3), oldest revocation first. Holds them all in memory; a CRL reads them with
     * {@link #readRevokedCertificates}.
     */
    default List<RevokedCertificate> revokedCertificates(Instant expiringAfter) {
        return readRevokedCertificates(expiringAfter, rows -> {
            List<RevokedCertificate> all = new java.util.ArrayList<>();
            rows.forEach(all::add);
            return all;
        });
    }

    /**
     * Hands the revoked certificates that expire after {@code expiringAfter}, oldest revocation first, to
     * {@code reader} as they are read from one database cursor, and returns what it returns: a CRL of a million
     * entries never holds them all. The iterable may be iterated once, only inside {@code reader}, on the calling
     * thread; the cursor is closed when {@code reader} returns or throws. The read sees one snapshot.
     */
    <T> T readRevokedCertificates(Instant expiringAfter, java.util.function.Function<Iterable<RevokedCertificate>, T> reader);

    /**
     * How many certificates have ever been revoked. It only grows (a revocation is final), so a CRL publisher compares
     * it with the count it built its CRL from to notice revocations made by another instance. Cheap: it counts the
     * revoked rows only.
     */
    long revocationCount();

    /** The next CRL number (RFC 5280 §5.2.3): strictly greater than every number handed out before, on any instance. */
    long nextCrlNumber();

    /**
     * Uses up a one-time token: true the first time a provisioner's {@code jti} is seen, false ever after (across
     * restarts and instances). {@code expiresAt} is when the token stops being acceptable anyway; the record may be
     * dropped after it.
     */
    boolean useToken(String provisioner, String jti, Instant expiresAt, Instant now);

    // ---- provisioners managed through the admin API ----

    /** The managed provisioners as JSON documents (ca.json's provisioner objects), by name. */
    List<String> managedProvisioners();

    /** A number that grows with every change of the managed provisioners (on any instance). */
    long provisionersVersion();

    /**
     * Stores a managed provisioner with its audit event: creates it ({@code create}) only if absent, or replaces it only
     * if present.
     *
     * @return false (nothing changed) when it already exists (create) or does not exist (replace)
     */
    boolean putProvisioner(String name, String document, boolean create, Instant at, AuditEvent event);

    /** Deletes a managed provisioner with its audit event; false when there was none. */
    boolean deleteProvisioner(String name, AuditEvent event);

    /** Appends an audit event. */
    void appendAudit(AuditEvent event);

    /**
     * Sends every audit event this storage writes (by {@link #appendAudit} or together with the change it records) to
     * {@code listener} once it is committed, on the writing thread; events of a rolled-back change never reach it.
     * Replaces any previous listener. The listener must be thread-safe and must not throw.
     */
    void publishAuditTo(java.util.function.Consumer<AuditEvent> listener);

    /** The newest audit events, newest first. */
    List<AuditEvent> recentAuditEvents(int limit);

    /**
     * Checks that the database answers.
     *
     * @throws dev.signet.ca.error.CaException with {@code UNAVAILABLE} and a reason when it does not
     */
    void ping();

    /**
     * Marks a certificate revoked (RFC 5280 reason code) together with its audit event, only if it is still valid.
     *
     * @return false when no such certificate exists or it was already revoked (nothing is changed then)
     */
    boolean revokeCertificate(BigInteger serial, int reason, Instant at, AuditEvent event);

    // ---- ACME nonces (RFC 8555 §7.2): single use, shared by every instance on the database ----

    /** Stores a fresh nonce valid until {@code expiresAt}. */
    void insertNonce(String nonce, Instant expiresAt);

    /** Uses up a nonce: true exactly once for a stored, unexpired nonce; false for unknown, used or expired ones. */
    boolean consumeNonce(String nonce, Instant now);

    /** Deletes nonces that expired before {@code now}; returns how many. */
    int purgeExpiredNonces(Instant now);

    // ---- CA instances on the database (issue 7): who else is serving, for InstancePresence ----

    /**
     * Records that instance {@code id} is active at {@code now}, forgets instances last seen before
     * {@code staleBefore}, and returns how many other instances remain.
     */
    int announceInstance(String id, Instant now, Instant staleBefore);

    /** Forgets instance {@code id} (it is stopping). */
    void withdrawInstance(String id);

    // ---- ACME accounts (RFC 8555 §7.3) ----

    /**
     * Stores a new account and its audit event in one transaction. When {@code eabKeyId} is not null the EAB key is
     * bound to the account in the same transaction, and only if it was unbound.
     *
     * @return false (and nothing stored) when the EAB key does not exist, belongs to another provisioner or is
     *     already bound
     * @throws DuplicateKeyException when the provisioner already has an account with this key thumbprint
     */
    boolean insertAccount(AcmeAccount account, String eabKeyId, AuditEvent event);

    Optional<AcmeAccount> findAccount(String id);

    Optional<AcmeAccount> findAccountByThumbprint(String provisioner, String thumbprint);

    /**
     * Stores a changed status and contact list, only if the account is still valid (deactivated and revoked accounts
     * are final, RFC 8555 §7.3.6).
     *
     * @return false when the account does not exist or is no longer valid (nothing is changed then)
     */
    boolean updateAccount(AcmeAccount account, AuditEvent event);

    /**
     * Replaces an account's key (RFC 8555 §7.3.5), only if its current thumbprint is still {@code oldThumbprint}.
     *
     * @return false when the account's key changed meanwhile (nothing is changed then)
     * @throws DuplicateKeyException when another account of the provisioner already has the new key
     */
    boolean changeAccountKey(String accountId, String oldThumbprint, String newThumbprint, String newJwk, AuditEvent event);

    // ---- ACME orders, authorizations, challenges (RFC 8555 §7.4, §7.5) ----

    /**
     * Stores a new order with its authorizations (and their challenges) in one transaction. An order that
     * {@code replaces} a certificate is stored only if no other order replacing it is valid, processing, or pending or
     * ready and unexpired at the order's creation time; the check and the insert are one transaction.
     *
     * @return false (nothing stored) when the certificate is already being replaced
     */
    boolean insertOrder(AcmeOrder order, List<AcmeAuthorization> authorizations);

    Optional<AcmeOrder> findOrder(String id);

    /** The ids of an account's orders, oldest first, after {@code afterId} (exclusive; null from the start). */
    List<String> orderIdsOfAccount(String accountId, String afterId, int limit);

    /** Orders of the account in status pending or ready whose expiry is after {@code now}. */
    int countPendingOrders(String accountId, Instant now);

    /** Orders the account created at or after {@code since}. */
    int countOrdersSince(String accountId, Instant since);

    /** Orders whose {@code replaces} field is this RFC 9773 certID. */
    List<AcmeOrder> ordersReplacing(String certId);

    /** The order that issued this certificate, if it came from ACME. */
    Optional<AcmeOrder> findOrderByCertificate(BigInteger serial);

    /**
     * Moves an order from {@code expected} to {@code next}, setting {@code error} and {@code certificateSerial} (either
     * may be null), only if its status is still {@code expected}.
     *
     * @return whether the change was made
     */
    boolean updateOrderStatus(String orderId, AcmeOrder.Status expected, AcmeOrder.Status next, ProblemDetail error,
            BigInteger certificateSerial);

    // ---- holds on work in progress, so that a surviving instance finishes what a dead one started ----

    /**
     * Moves a ready order to processing under {@code f}'s hold, keeping its CSR.
     *
     * @return false when the order is not ready (another request is finalizing it, or it changed)
     */
    boolean startFinalization(Finalization f);

    /**
     * Takes over a processing order whose hold lapsed at or before {@code now}, under a new token and deadline.
     *
     * @return the new hold with the stored CSR, or empty when the order is not processing or its hold is still live
     */
    Optional<Finalization> takeOverFinalization(String orderId, String token, Instant now, Instant deadline);

    /** Processing orders whose hold lapsed at or before {@code now}, oldest deadline first, at most {@code limit}. */
    List<String> lapsedFinalizations(Instant now, int limit);

    /**
     * Moves a processing order to invalid with {@code error}, only while it is processing under {@code f}'s token.
     *
     * @return whether the change was made
     */
    boolean failFinalization(Finalization f, ProblemDetail error);

    /**
     * Moves a pending challenge to processing, to be validated by the caller until {@code deadline}.
     *
     * @return false when the challenge was not pending
     */
    boolean startValidation(String challengeId, Instant deadline);

    /**
     * Takes over the validation of a processing challenge whose deadline passed at or before {@code now} (its
     * validator stopped), extending it to {@code deadline}.
     *
     * @return false when the challenge is not processing or its validation is still held
     */
    boolean takeOverValidation(String challengeId, Instant now, Instant deadline);

    /**
     * The authorizations with a challenge in processing whose validation deadline passed at or before {@code now}:
     * validations that a stopped instance did not finish.
     */
    List<String> authorizationsWithLapsedValidations(Instant now);

    /** An authorization with its challenges. */
    Optional<AcmeAuthorization> findAuthorization(String id);

    /** Moves an authorization from {@code expected} to {@code next}; returns whether the change was made. */
    boolean updateAuthorizationStatus(String id, AcmeAuthorization.Status expected, AcmeAuthorization.Status next);

    /** Moves a challenge from {@code expected} to {@code next}; returns whether the change was made. */
    boolean updateChallengeStatus(String challengeId, AcmeChallenge.Status expected, AcmeChallenge.Status next);

    /**
     * Records a validation's outcome in one transaction: the challenge goes from processing to valid (with
     * {@code at}) or invalid (with {@code error}), and its authorization from pending to valid or invalid.
     *
     * @return false when the challenge was not processing (nothing is changed then)
     */
    boolean recordValidation(String challengeId, boolean valid, Instant at, ProblemDetail error);

    /**
     * Whether the account holds a valid, unexpired authorization for the identifier (RFC 8555 §7.6: such an account
     * may revoke certificates for it).
     *
     * @param wildcard whether the authorization must be for the wildcard {@code *.identifier} (a plain name accepts
     *     either kind; a wildcard needs a wildcard authorization, which only dns-01 can give)
     */
    boolean hasValidAuthorization(String accountId, AcmeIdentifier identifier, boolean wildcard, Instant now);

    // ---- External account binding keys (RFC 8555 §7.3.4) ----

    /** Stores a new EAB key with its audit event. */
    void insertEabKey(EabKey key, AuditEvent event);

    Optional<EabKey> findEabKey(String keyId);

    /** The provisioner's EAB keys, oldest first. */
    List<EabKey> eabKeys(String provisioner);

    /** Deletes an EAB key (an account it bound stays); returns false when there was none. */
    boolean deleteEabKey(String keyId, AuditEvent event);

    /** Closes connections; further calls fail. */
    @Override
    void close();
}

package dev.signet.ca.ra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.error.ProblemDetail;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeOrder;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.DuplicateKeyException;
import dev.signet.ca.storage.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * ACME accounts (RFC 8555 §7.3): creation with contacts, terms agreement and external account binding, lookup,
 * update, deactivation and key rollover. Every change is audited.
 *
 * <p>Thread-safe: state lives in storage, whose compare-and-set updates settle races between requests.
 */
public final class AccountRegistry {
    private final Storage storage;
    private final Clock clock;
    private final ExternalAccountBinding eab;

    public AccountRegistry(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        this.eab = new ExternalAccountBinding(storage);
    }

    /**
     * newAccount (§7.3): returns the account that already holds this key, or creates one.
     *
     * @param newAccountUrl the URL the request was posted to (an EAB must name it)
     */
    public AccountResult create(AcmeProvisioner p, JWK key, NewAccountRequest r, String newAccountUrl) {
        String thumbprint = thumbprint(key);
        var existing = storage.findAccountByThumbprint(p.name(), thumbprint);
        if (existing.isPresent()) {
            if (existing.get().status() != AcmeAccount.Status.VALID) {
                // §7.3.6: nothing authorized by a deactivated account's key is accepted, not even finding it
                throw new CaException(Problem.UNAUTHORIZED, "The account " + existing.get().id() + " of this key is "
                        + existing.get().status().name().toLowerCase() + ".");
            }
            return new AccountResult(existing.get(), false);
        }
        if (Boolean.TRUE.equals(r.onlyReturnExisting())) {
            throw new CaException(Problem.ACCOUNT_DOES_NOT_EXIST, "No account exists with the provided key.");
        }
        List<String> contact = ContactPolicy.check(r.contact());
        boolean agreed = Boolean.TRUE.equals(r.termsOfServiceAgreed());
        if (p.termsOfService() != null && !agreed) {
            throw new CaException(Problem.USER_ACTION_REQUIRED, "The provisioner's terms of service at " + p.termsOfService()
                    + " must be agreed to (termsOfServiceAgreed: true).").withLink("<" + p.termsOfService() + ">;rel=\"terms-of-service\"");
        }
        String eabKeyId = null;
        if (r.externalAccountBinding() != null && !r.externalAccountBinding().isNull()) {
            eabKeyId = eab.verify(r.externalAccountBinding(), p, newAccountUrl, key);
        } else if (p.requireEab()) {
            throw new CaException(Problem.EXTERNAL_ACCOUNT_REQUIRED, "The provisioner \"" + p.name()
                    + "\" requires an external account binding for new accounts.");
        }
        Instant now = clock.instant();
        AcmeAccount account = new AcmeAccount(AcmeIds.newId(now), p.name(), thumbprint, key.toPublicJWK().toJSONString(),
                AcmeAccount.Status.VALID, contact, agreed, eabKeyId, now);
        try {
            if (!storage.insertAccount(account, eabKeyId, event(account, "acme.account.create",
                    eabKeyId == null ? "" : "eab=" + eabKeyId))) {
                throw new CaException(Problem.UNAUTHORIZED, "The external account key \"" + eabKeyId + "\" is already bound to an account.");
            }
        } catch (DuplicateKeyException e) {
            // another request created the account for this key meanwhile: it is the one to return
            return new AccountResult(storage.findAccountByThumbprint(p.name(), thumbprint).orElseThrow(() -> e), false);
        }
        return new AccountResult(account, true);
    }

    /**
     * Finds the account a {@code kid} names and checks it may act (§6.2, §7.3.6).
     *
     * @throws CaException {@code accountDoesNotExist} when unknown to this provisioner, {@code unauthorized} when
     *     deactivated or revoked
     */
    public AcmeAccount authenticate(AcmeProvisioner p, String accountId) {
        AcmeAccount a = storage.findAccount(accountId).filter(x -> x.provisioner().equals(p.name()))
                .orElseThrow(() -> new CaException(Problem.ACCOUNT_DOES_NOT_EXIST, "The account " + accountId + " does not exist."));
        if (a.status() != AcmeAccount.Status.VALID) {
            throw new CaException(Problem.UNAUTHORIZED, "The account " + accountId + " is " + a.status().name().toLowerCase()
                    + " and can no longer act.");
        }
        return a;
    }

    /**
     * Updates contacts and/or deactivates (§7.3.2, §7.3.6). Null arguments leave the field unchanged.
     *
     * @throws CaException {@code malformed} for a status other than {@code deactivated}
     */
    public AcmeAccount update(AcmeAccount a, List<String> contact, String status) {
        AcmeAccount next = a;
        if (contact != null) next = next.withContact(ContactPolicy.check(contact));
        if (status != null) {
            if (!status.equals("deactivated")) {
                throw new CaException(Problem.MALFORMED, "An account's status can only be changed to \"deactivated\", not \"" + status + "\".");
            }
            next = next.withStatus(AcmeAccount.Status.DEACTIVATED);
        }
        if (next.equals(a)) return a;
        String action = status != null ? "acme.account.deactivate" : "acme.account.update";
        if (!storage.updateAccount(next, event(next, action, ""))) {
            throw new CaException(Problem.ACCOUNT_DOES_NOT_EXIST, "The account " + a.id() + " does not exist.");
        }
        if (status != null) cancelOpenOrders(next);
        return next;
    }

    /** §7.3.6: the server SHOULD cancel pending operations of a deactivated account; its open orders become invalid. */
    private void cancelOpenOrders(AcmeAccount a) {
        ProblemDetail why = new ProblemDetail(Problem.UNAUTHORIZED, "The account " + a.id() + " was deactivated.");
        String after = null;
        while (true) {
            List<String> ids = storage.orderIdsOfAccount(a.id(), after, 500);
            for (String id : ids) {
                storage.findOrder(id).ifPresent(o -> {
                    if (o.status() == AcmeOrder.Status.PENDING || o.status() == AcmeOrder.Status.READY) {
                        storage.updateOrderStatus(o.id(), o.status(), AcmeOrder.Status.INVALID, why, null);
                    }
                });
            }
            if (ids.size() < 500) return;
            after = ids.get(ids.size() - 1);
        }
    }

    /**
     * Key rollover (§7.3.5): the front end has verified both signatures; this checks that {@code oldKey} is the
     * account's current key and that no account holds {@code newKey}.
     *
     * @param accountUrl the account's URL, sent as Location when the new key already belongs to an account
     * @throws CaException {@code malformed} when oldKey is not the account's key, {@code conflict} (409, with the
     *     holder's URL) when the new key is in use
     */
    public AcmeAccount changeKey(AcmeAccount a, JWK oldKey, JWK newKey, Function<String, String> accountUrl) {
        if (!thumbprint(oldKey).equals(a.keyThumbprint())) {
            throw new CaException(Problem.MALFORMED, "The keyChange's oldKey is not the account's current key.");
        }
        String newThumbprint = thumbprint(newKey);
        var holder = storage.findAccountByThumbprint(a.provisioner(), newThumbprint);
        if (holder.isPresent()) {
            throw new CaException(Problem.CONFLICT, "The new key already belongs to an account.").withLocation(accountUrl.apply(holder.get().id()));
        }
        try {
            if (!storage.changeAccountKey(a.id(), a.keyThumbprint(), newThumbprint, newKey.toPublicJWK().toJSONString(),
                    event(a, "acme.account.key-change", "new=" + newThumbprint))) {
                throw new CaException(Problem.CONFLICT, "The account's key changed while this key change was processed; retry it.");
            }
        } catch (DuplicateKeyException e) {
            String holderId = storage.findAccountByThumbprint(a.provisioner(), newThumbprint).map(AcmeAccount::id).orElse(a.id());
            throw new CaException(Problem.CONFLICT, "The new key already belongs to an account.").withLocation(accountUrl.apply(holderId));
        }
        return storage.findAccount(a.id()).orElseThrow();
    }

    /** The RFC 7638 SHA-256 thumbprint of a key, base64url. */
    public static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new CaException(Problem.BAD_PUBLIC_KEY, "The key's thumbprint cannot be computed: " + e.getMessage());
        }
    }

    private AuditEvent event(AcmeAccount a, String action, String detail) {
        return new AuditEvent(clock.instant(), "acme:" + a.provisioner(), action, "account:" + a.id(), "success", detail);
    }
}

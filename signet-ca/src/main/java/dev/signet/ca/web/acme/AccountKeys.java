package dev.signet.ca.web.acme;

import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.ra.VerificationKey;
import dev.signet.ca.storage.AcmeAccount;
import java.text.ParseException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The parsed, verification-ready keys of the accounts that send requests (RFC 8555 §6.2: every request after
 * newAccount is signed with the account key named by {@code kid}). Parsing the stored JWK and preparing the key on every
 * request costs more than a cached ECDSA verification itself, and a kept key also keeps BouncyCastle's tables for its
 * point.
 *
 * <p>Keyed by the stored JWK text, so a key change (§7.3.5) is a new entry and never returns the old key; the account
 * itself (its status) is still read from storage on every request. Holds at most {@code capacity} keys: when full it is
 * emptied and refills with the accounts in use.
 *
 * <p>Thread-safe: a concurrent map; two requests preparing the same key at once both succeed, one's result is kept.
 */
final class AccountKeys {
    private final int capacity;
    private final ConcurrentMap<String, VerificationKey> byJwk = new ConcurrentHashMap<>();

    AccountKeys(int capacity) {
        this.capacity = capacity;
    }

    /** The account's key, ready to verify. */
    VerificationKey of(AcmeAccount account) {
        VerificationKey key = byJwk.get(account.jwk());
        if (key != null) return key;
        try {
            key = VerificationKey.of(JWK.parse(account.jwk()));
        } catch (ParseException e) {
            throw new IllegalStateException("The stored key of account " + account.id() + " cannot be parsed.", e);
        }
        if (byJwk.size() >= capacity) byJwk.clear();
        byJwk.putIfAbsent(account.jwk(), key);
        return key;
    }
}

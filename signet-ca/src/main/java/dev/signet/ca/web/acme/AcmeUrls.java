package dev.signet.ca.web.acme;

import java.math.BigInteger;

/**
 * The URLs of one provisioner's ACME resources, under {@code {base}/acme/{provisioner}/}. The base is the scheme and
 * authority the client used, so the URLs a client receives are the ones it can reach. Immutable.
 */
record AcmeUrls(String base, String provisioner) {
    String prefix() {
        return base + "/acme/" + provisioner;
    }

    String directory() {
        return prefix() + "/directory";
    }

    String newNonce() {
        return prefix() + "/new-nonce";
    }

    String newAccount() {
        return prefix() + "/new-account";
    }

    String newOrder() {
        return prefix() + "/new-order";
    }

    String revokeCert() {
        return prefix() + "/revoke-cert";
    }

    String keyChange() {
        return prefix() + "/key-change";
    }

    String renewalInfo() {
        return prefix() + "/renewal-info";
    }

    String account(String id) {
        return prefix() + "/account/" + id;
    }

    String orders(String accountId) {
        return account(accountId) + "/orders";
    }

    String order(String id) {
        return prefix() + "/order/" + id;
    }

    String finalizeOrder(String id) {
        return order(id) + "/finalize";
    }

    String authorization(String id) {
        return prefix() + "/authz/" + id;
    }

    String challenge(String authzId, String id) {
        return prefix() + "/challenge/" + authzId + "/" + id;
    }

    String certificate(BigInteger serial) {
        return prefix() + "/certificate/" + serial.toString(16);
    }

    /** The account id from a {@code kid} URL, or null when the URL is not one of this provisioner's accounts. */
    String accountIdOf(String kid) {
        String p = prefix() + "/account/";
        if (kid == null || !kid.startsWith(p)) return null;
        String id = kid.substring(p.length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }
}

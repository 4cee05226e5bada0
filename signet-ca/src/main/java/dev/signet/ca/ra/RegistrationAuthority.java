package dev.signet.ca.ra;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;

/**
 * The registration authority as the front end sees it: the provisioners in force and the components that hold ACME
 * policy (accounts, orders, authorizations, revocation, renewal info). Built once at start; thread-safe.
 */
public record RegistrationAuthority(
        ProvisionerDirectory provisioners,
        AccountRegistry accounts,
        OrderRegistry orders,
        AuthorizationRegistry authorizations,
        Revocations revocations,
        RenewalInfoPolicy renewalInfo) {

    /**
     * The ACME provisioner of this name.
     *
     * @throws CaException {@code notFound} when there is none
     */
    public AcmeProvisioner provisioner(String name) {
        AcmeProvisioner p = provisioners.current().acme().get(name);
        if (p == null) throw new CaException(Problem.NOT_FOUND, "There is no ACME provisioner named \"" + name + "\".");
        return p;
    }

    /**
     * Finishes work that a stopped instance left processing once its lease lapsed: validations, then finalizations
     * (at most 100 per call). Safe to run on every instance at once; returns how many were taken over.
     */
    public int resumeLapsedWork() {
        return authorizations.resumeValidations() + orders.resumeLapsedFinalizations(100);
    }
}

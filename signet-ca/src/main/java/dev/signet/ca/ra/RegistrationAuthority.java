package dev.signet.ca.ra;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import java.util.Map;

/**
 * The registration authority as the front end sees it: the ACME provisioners and the components that hold ACME
 * policy (accounts, orders, authorizations, revocation, renewal info). Built once at start; thread-safe.
 */
public record RegistrationAuthority(
        Map<String, AcmeProvisioner> provisioners,
        AccountRegistry accounts,
        OrderRegistry orders,
        AuthorizationRegistry authorizations,
        Revocations revocations,
        RenewalInfoPolicy renewalInfo) {

    public RegistrationAuthority {
        provisioners = Map.copyOf(provisioners);
    }

    /**
     * The ACME provisioner of this name.
     *
     * @throws CaException {@code notFound} when there is none
     */
    public AcmeProvisioner provisioner(String name) {
        AcmeProvisioner p = provisioners.get(name);
        if (p == null) throw new CaException(Problem.NOT_FOUND, "There is no ACME provisioner named \"" + name + "\".");
        return p;
    }
}

package dev.signet.ca.web;

import dev.signet.ca.error.CaException;

/**
 * Told by the {@link Router} about every request it refused because authentication or authorization failed
 * ({@link CaException#isAuthenticationFailure()}), so that the audit trail records it. The front end only reports;
 * what happens with the report is the wiring's choice.
 *
 * <p>Called on request threads: implementations must be thread-safe and should not throw (what they throw is logged
 * and does not change the response).
 */
@FunctionalInterface
public interface RefusedAuthentication {
    /** Ignores every report. */
    RefusedAuthentication IGNORE = (remoteAddress, method, path, why) -> {};

    /**
     * @param remoteAddress the client's IP address
     * @param why the error the client was sent
     */
    void refused(String remoteAddress, String method, String path, CaException why);
}

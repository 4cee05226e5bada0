package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One provisioner: a named way to obtain certificates. This release knows type {@code ACME} (RFC 8555, served at
 * {@code /acme/{name}/directory}). {@code claims} may override the authority's. Left-out ACME settings take their
 * defaults when the CA starts (see {@code dev.signet.ca.ra.AcmeProvisioner}); the file keeps what the operator wrote.
 * Immutable.
 *
 * @param requireEAB whether new accounts must carry an external account binding (RFC 8555 §7.3.4)
 * @param termsOfService the URL announced in the directory's {@code meta}; when set, new accounts must agree to it
 * @param profiles named certificate profiles (draft-ietf-acme-profiles) a new order may select
 * @param defaultProfile the profile of orders that name none, or null for the provisioner's plain claims
 * @param limits per-account limits that protect the CA
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisionerConfig(
        String name,
        String type,
        Claims claims,
        Boolean requireEAB,
        String termsOfService,
        Map<String, ProfileConfig> profiles,
        String defaultProfile,
        LimitsConfig limits) {

    /** A provisioner with only a name, a type and claims. */
    public ProvisionerConfig(String name, String type, Claims claims) {
        this(name, type, claims, null, null, null, null, null);
    }
}

package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One provisioner: a named way to obtain certificates. Types: {@code ACME} (RFC 8555, served at
 * {@code /acme/{name}/directory}) and {@code JWK} (one-time tokens signed by the provisioner's key, step-ca's JWK
 * provisioner: {@code POST /sign}). {@code claims} may override the authority's. Left-out ACME settings take their
 * defaults when the CA starts (see {@code dev.signet.ca.ra.AcmeProvisioner}); the file keeps what the operator wrote.
 * Immutable.
 *
 * @param requireEAB whether new accounts must carry an external account binding (RFC 8555 §7.3.4)
 * @param termsOfService the URL announced in the directory's {@code meta}; when set, new accounts must agree to it
 * @param profiles named certificate profiles (draft-ietf-acme-profiles) a new order may select
 * @param defaultProfile the profile of orders that name none, or null for the provisioner's plain claims
 * @param limits per-account limits that protect the CA
 * @param key JWK only: the provisioner's public key as a JSON Web Key with a {@code kid}
 * @param encryptedKey JWK only: the private key as a JWE (compact, password-based, RFC 7516/7518 §4.8), served to
 *     nodes that know the password
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
        LimitsConfig limits,
        Map<String, Object> key,
        String encryptedKey) {

    /** A provisioner with only a name, a type and claims. */
    public ProvisionerConfig(String name, String type, Claims claims) {
        this(name, type, claims, null, null, null, null, null, null, null);
    }

    /** An ACME provisioner with its ACME settings. */
    public ProvisionerConfig(String name, String type, Claims claims, Boolean requireEAB, String termsOfService,
            Map<String, ProfileConfig> profiles, String defaultProfile, LimitsConfig limits) {
        this(name, type, claims, requireEAB, termsOfService, profiles, defaultProfile, limits, null, null);
    }

    /** A JWK provisioner. */
    public static ProvisionerConfig jwk(String name, Claims claims, Map<String, Object> key, String encryptedKey) {
        return new ProvisionerConfig(name, "JWK", claims, null, null, null, null, null, key, encryptedKey);
    }
}

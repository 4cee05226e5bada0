package dev.signet.ca.ra;

import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.Claims;
import dev.signet.ca.config.ProvisionerConfig;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JWK provisioner (step-ca's): one-time tokens signed by its key authorise {@code POST /sign} and {@code /revoke}.
 * Its private key is kept only encrypted ({@code encryptedKey}, a password-based JWE) and handed to nodes that know
 * the password. Immutable.
 *
 * @param verificationKey {@code key} prepared once for the tokens it verifies
 */
public record JwkProvisioner(String name, JWK key, String encryptedKey, Claims claims, VerificationKey verificationKey) {
    public JwkProvisioner(String name, JWK key, String encryptedKey, Claims claims) {
        this(name, key, encryptedKey, claims, VerificationKey.of(key));
    }

    /** The provisioner's key id. */
    public String kid() {
        return key.getKeyID();
    }

    /** Every JWK provisioner of a config, by name, in config order. */
    public static Map<String, JwkProvisioner> allOf(CaConfig config) {
        Map<String, JwkProvisioner> out = new LinkedHashMap<>();
        for (ProvisionerConfig p : config.authority().provisioners()) {
            if (!"JWK".equals(p.type())) continue;
            try {
                out.put(p.name(), new JwkProvisioner(p.name(), JWK.parse(p.key()), p.encryptedKey(), config.claimsOf(p)));
            } catch (ParseException e) {
                throw new IllegalArgumentException("The key of provisioner " + p.name() + " is not a JSON Web Key.", e);
            }
        }
        return out;
    }
}

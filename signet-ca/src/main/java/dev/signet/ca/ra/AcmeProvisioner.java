package dev.signet.ca.ra;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.Claims;
import dev.signet.ca.config.LimitsConfig;
import dev.signet.ca.config.ProfileConfig;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.pki.ExtendedKeyUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An ACME provisioner as the registration authority applies it: the configured settings with every default filled
 * in. Immutable.
 *
 * @param claims effective claims (provisioner's, else the authority's)
 * @param termsOfService URL or null
 * @param profiles profile name to settings, sorted by name
 * @param defaultProfile profile of orders that name none, or null
 * @param crlDistributionPoints CRL URLs written into the certificates it issues (RFC 5280 §4.2.1.13); may be empty
 */
public record AcmeProvisioner(
        String name,
        Claims claims,
        boolean requireEab,
        String termsOfService,
        Map<String, ProfileConfig> profiles,
        String defaultProfile,
        LimitsConfig limits,
        List<String> crlDistributionPoints) {

    public AcmeProvisioner {
        profiles = java.util.Collections.unmodifiableMap(new TreeMap<>(profiles));
        crlDistributionPoints = List.copyOf(crlDistributionPoints);
    }

    /** A provisioner whose certificates name no CRL. */
    public AcmeProvisioner(String name, Claims claims, boolean requireEab, String termsOfService,
            Map<String, ProfileConfig> profiles, String defaultProfile, LimitsConfig limits) {
        this(name, claims, requireEab, termsOfService, profiles, defaultProfile, limits, List.of());
    }

    /** The effective settings of a configured provisioner. */
    public static AcmeProvisioner from(CaConfig config, ProvisionerConfig p) {
        return new AcmeProvisioner(p.name(), config.claimsOf(p), Boolean.TRUE.equals(p.requireEAB()), p.termsOfService(),
                p.profiles() == null ? Map.of() : p.profiles(), p.defaultProfile(),
                p.limits() == null ? LimitsConfig.DEFAULTS : p.limits().withDefaults(), config.crl().distributionPoints());
    }

    /** Every ACME provisioner of a config, by name, in config order. */
    public static Map<String, AcmeProvisioner> allOf(CaConfig config) {
        Map<String, AcmeProvisioner> out = new LinkedHashMap<>();
        for (ProvisionerConfig p : config.authority().provisioners()) {
            if ("ACME".equals(p.type())) out.put(p.name(), from(config, p));
        }
        return out;
    }

    /** Profile name to description, for the directory's {@code meta.profiles}. */
    public Map<String, String> profileDescriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        profiles.forEach((k, v) -> out.put(k, v.description() == null ? k : v.description()));
        return out;
    }

    /** The usages a profile grants (empty means the signer's default, serverAuth and clientAuth). */
    static Set<ExtendedKeyUsage> usagesOf(ProfileConfig profile) {
        List<String> names = profile == null || profile.extendedKeyUsages() == null ? List.of() : profile.extendedKeyUsages();
        return names.stream().map(ExtendedKeyUsage::parse).collect(Collectors.toSet());
    }
}

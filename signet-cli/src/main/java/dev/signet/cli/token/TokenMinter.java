package dev.signet.cli.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signet.ca.home.JwkProvisionerKeys;
import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.pki.Crypto;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Mints one-time tokens the way step's CLI does: finds the JWK provisioner through {@code GET /provisioners}, fetches
 * its encrypted key, decrypts it with the password, and signs a short-lived JWT for one endpoint ({@code sign} or
 * {@code revoke}) with {@code sub}, {@code sans} and a random {@code jti}.
 *
 * <p>One minter per CA URL; not shared between threads.
 */
public final class TokenMinter {
    /** How long a minted token is valid. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String caUrl;
    private final Clock clock;

    public TokenMinter(HttpClient client, String caUrl, Clock clock) {
        this.client = client;
        this.caUrl = caUrl;
        this.clock = clock;
    }

    /**
     * A token for {@code endpoint} ({@code sign} or {@code revoke}) of the named provisioner.
     *
     * @param subject the certificate's subject, or for revoke the serial in decimal
     * @param sans the names the certificate may carry (sign); empty means the subject alone
     */
    public String mint(String provisioner, char[] password, String endpoint, String subject, List<String> sans) {
        JsonNode p = findProvisioner(provisioner);
        String kid = p.path("key").path("kid").asText();
        JWK key = JwkProvisionerKeys.decrypt(encryptedKey(p, kid), password);
        if (!(key instanceof ECKey)) throw new CliException("The provisioner key of \"" + provisioner + "\" is not an EC key.");
        Instant now = clock.instant();
        byte[] jti = new byte[18];
        Crypto.RANDOM.nextBytes(jti);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(provisioner).audience(caUrl + "/1.0/" + endpoint)
                .subject(subject).issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti));
        if (!sans.isEmpty()) claims.claim("sans", sans);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(), claims.build());
            JWSSigner signer = new ECDSASigner((ECKey) key);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new CliException("Could not sign the token: " + e.getMessage() + ".");
        }
    }

    private JsonNode findProvisioner(String name) {
        String cursor = "";
        for (int page = 0; page < 1000; page++) {
            JsonNode body = getJson("/provisioners?limit=100" + (cursor.isEmpty() ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonNode p : body.path("provisioners")) {
                if (name.equals(p.path("name").asText())) {
                    if (!"JWK".equals(p.path("type").asText())) {
                        throw new CliException("The provisioner \"" + name + "\" is of type " + p.path("type").asText() + ", not JWK.");
                    }
                    return p;
                }
            }
            cursor = body.path("nextCursor").asText("");
            if (cursor.isEmpty()) break;
        }
        throw new CliException("The CA at " + caUrl + " has no provisioner named \"" + name + "\".");
    }

    private String encryptedKey(JsonNode provisioner, String kid) {
        if (provisioner.hasNonNull("encryptedKey")) return provisioner.get("encryptedKey").asText();
        return getJson("/provisioners/" + URLEncoder.encode(kid, StandardCharsets.UTF_8) + "/encrypted-key").path("key").asText();
    }

    private JsonNode getJson(String path) {
        HttpResponse<String> r = Https.get(client, caUrl + path);
        if (r.statusCode() != 200) throw new CliException("The CA at " + caUrl + " answered " + path + " with status " + r.statusCode() + ".");
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new CliException("The CA at " + caUrl + " answered " + path + " with a body that is not JSON.");
        }
    }
}

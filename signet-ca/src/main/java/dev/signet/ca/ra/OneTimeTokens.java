package dev.signet.ca.ra;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.Storage;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Verifies one-time tokens (step-ca's "ott"): compact JWS JWTs (RFC 7519) signed by a JWK provisioner's key, whose
 * {@code kid} names the key, {@code iss} the provisioner, {@code aud} the endpoint URL, with {@code sub}, optional
 * {@code sans}, {@code nbf}/{@code iat}/{@code exp} and a {@code jti} that is used up in storage, so a replay is refused
 * on every instance and after restarts. Tokens may live at most {@link #MAX_LIFETIME}.
 *
 * <p>Thread-safe.
 */
public final class OneTimeTokens {
    /** The longest a token may be valid (exp - nbf, or exp - iat). */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final Supplier<Map<String, JwkProvisioner>> provisioners;
    private final Storage storage;
    private final Clock clock;

    /** @param provisioners the JWK provisioners in force, by name, asked on every verification */
    public OneTimeTokens(Supplier<Map<String, JwkProvisioner>> provisioners, Storage storage, Clock clock) {
        this.provisioners = provisioners;
        this.storage = storage;
        this.clock = clock;
    }

    /** Tokens of a fixed set of provisioners. */
    public OneTimeTokens(Map<String, JwkProvisioner> provisioners, Storage storage, Clock clock) {
        this(() -> provisioners, storage, clock);
    }

    /**
     * Verifies a token for one of {@code audiences} and uses it up.
     *
     * @throws CaException {@code unauthorized} for a token that is malformed, not signed by a JWK provisioner, for
     *     another audience, outside its validity, or already used
     */
    public VerifiedToken verify(String token, Collection<String> audiences) {
        if (token == null || token.isBlank()) throw unauthorized("The request carries no one-time token.");
        if (token.length() > MAX_TOKEN_CHARS) throw unauthorized("The one-time token is too long.");
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw unauthorized("The one-time token is not a signed JWT.");
        }
        String kid = jwt.getHeader().getKeyID();
        // found by issuer, then the kid must be that provisioner's: key ids need not be unique across provisioners
        JwkProvisioner p = provisioners.get().get(claims.getIssuer());
        if (p == null || !p.kid().equals(kid)) {
            throw unauthorized("The one-time token's issuer \"" + claims.getIssuer() + "\" and kid \"" + kid + "\" name no JWK provisioner.");
        }
        byte[] input = jwt.getSigningInput();
        try {
            p.verificationKey().verify(jwt.getHeader().getAlgorithm().getName(), input, jwt.getSignature().decode());
        } catch (CaException e) {
            throw unauthorized("The one-time token's signature does not verify with the key of provisioner \"" + p.name() + "\".");
        }
        if (jwt.getState() != JWSObject.State.SIGNED && jwt.getState() != JWSObject.State.VERIFIED) {
            throw unauthorized("The one-time token is not signed.");
        }
        if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audiences::contains)) {
            throw unauthorized("The one-time token is for " + claims.getAudience() + ", not for " + audiences.iterator().next() + ".");
        }
        Instant now = clock.instant();
        Instant exp = instant(claims.getExpirationTime());
        Instant nbf = instant(claims.getNotBeforeTime());
        Instant iat = instant(claims.getIssueTime());
        if (exp == null) throw unauthorized("The one-time token has no expiry (exp).");
        if (!exp.isAfter(now.minus(SKEW))) throw unauthorized("The one-time token expired at " + exp + ".");
        if (nbf != null && nbf.isAfter(now.plus(SKEW))) throw unauthorized("The one-time token is not valid before " + nbf + ".");
        if (iat != null && iat.isAfter(now.plus(SKEW))) throw unauthorized("The one-time token was issued in the future (" + iat + ").");
        if (exp.isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
            throw unauthorized("The one-time token must say when it was issued (iat or nbf) and live at most " + MAX_LIFETIME.toMinutes() + " minutes.");
        }
        Instant from = nbf != null ? nbf : iat;
        if (from == null || Duration.between(from, exp).compareTo(MAX_LIFETIME) > 0) {
            throw unauthorized("The one-time token must say when it was issued (iat or nbf) and live at most "
                    + MAX_LIFETIME.toMinutes() + " minutes.");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > 256) throw unauthorized("The one-time token has no usable jti.");
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) throw unauthorized("The one-time token has no subject (sub).");
        List<String> sans = new ArrayList<>();
        try {
            List<String> listed = claims.getStringListClaim("sans");
            if (listed != null) sans.addAll(listed);
        } catch (ParseException e) {
            throw unauthorized("The one-time token's sans claim is not a list of strings.");
        }
        if (sans.isEmpty()) sans.add(sub);
        if (!storage.useToken(p.name(), jti, exp.plus(SKEW), now)) {
            throw unauthorized("The one-time token " + jti + " has already been used.");
        }
        return new VerifiedToken(p, sub, sans, jti, exp, timeClaim(claims, "nbf-cert"), timeClaim(claims, "naf-cert"));
    }

    private static Instant timeClaim(JWTClaimsSet claims, String name) {
        try {
            Date d = claims.getDateClaim(name);
            return d == null ? null : d.toInstant();
        } catch (ParseException e) {
            throw unauthorized("The one-time token's " + name + " claim is not a time.");
        }
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    private static CaException unauthorized(String detail) {
        return new CaException(Problem.UNAUTHORIZED, detail);
    }

}

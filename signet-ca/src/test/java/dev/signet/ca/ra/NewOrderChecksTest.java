package dev.signet.ca.ra;

import static dev.signet.ca.ra.RaFixture.IP;
import static dev.signet.ca.ra.RaFixture.T0;
import static dev.signet.ca.ra.RaFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.config.Claims;
import dev.signet.ca.config.LimitsConfig;
import dev.signet.ca.config.ProfileConfig;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeIdentifier;
import dev.signet.ca.storage.AcmeOrder;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What newOrder checks before it stores anything: requested validity, profile, and RFC 9773 replacement. */
class NewOrderChecksTest extends RaTestBase {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final Map<String, ProfileConfig> PROFILES = Map.of(
            "tlsserver", new ProfileConfig("TLS servers", Duration.ofHours(12), List.of("serverAuth")),
            "short", new ProfileConfig("One hour", Duration.ofHours(1), null),
            "client", new ProfileConfig(null, Duration.ofHours(2), List.of("clientAuth")));

    private final AcmeProvisioner p = RaFixture.provisioner("acme");
    private AcmeAccount account;

    @BeforeEach
    void start() {
        account = ra.account(p);
    }

    private static NewOrderRequest dated(Duration notBefore, Duration notAfter) {
        return new NewOrderRequest(List.of(new AcmeIdentifier("ip", IP)), notBefore == null ? null : T0.plus(notBefore),
                notAfter == null ? null : T0.plus(notAfter), null, null);
    }

    private void assertRefused(AcmeProvisioner prov, AcmeAccount who, NewOrderRequest r, Problem problem, String detail) {
        List<String> before = ra.orders.list(who, null, 100);
        assertThatThrownBy(() -> ra.orders.create(prov, who, r))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessage(detail);
        assertThat(ra.orders.list(who, null, 100)).as("nothing stored").isEqualTo(before);
    }

    // ---- notBefore / notAfter against the claims (5m to 24h) ------------------------------------------------------

    /** Requested notBefore and notAfter as offsets from now (null: left out), and the refusal, or null. */
    static Stream<Arguments> validity() {
        String outside = "The requested lifetime %s is outside the provisioner's limits of 5m to 24h.";
        return Stream.of(
                argumentSet("ok/none", null, null, null),
                argumentSet("ok/notAfter-inside", null, Duration.ofHours(12), null),
                argumentSet("ok/notAfter-at-min", null, Duration.ofMinutes(5), null),
                argumentSet("ok/notAfter-at-max", null, Duration.ofHours(24), null),
                argumentSet("ok/both-inside", Duration.ofHours(1), Duration.ofHours(3), null),
                argumentSet("ok/notBefore-only", Duration.ofHours(1), null, null),
                argumentSet("ok/notBefore-at-max", Duration.ofHours(24), null, null),
                argumentSet("fail/below-min", null, Duration.ofMinutes(4), outside.formatted("4m")),
                argumentSet("fail/above-max", null, Duration.ofHours(25), outside.formatted("25h")),
                argumentSet("fail/above-max-by-a-second", null, Duration.ofHours(24).plusSeconds(1), outside.formatted("24h1s")),
                argumentSet("fail/both-above-max", Duration.ofHours(1), Duration.ofHours(26), outside.formatted("25h")),
                argumentSet("fail/notAfter-before-notBefore", Duration.ofHours(3), Duration.ofHours(2), outside.formatted("-1h")),
                argumentSet("fail/notAfter-in-the-past", null, Duration.ofHours(-1),
                        "The requested notAfter 2026-03-01T11:00:00Z is in the past."),
                argumentSet("fail/notAfter-now", null, Duration.ZERO, "The requested notAfter 2026-03-01T12:00:00Z is in the past."),
                argumentSet("fail/notBefore-too-far", Duration.ofHours(25), null,
                        "The requested notBefore 2026-03-02T13:00:00Z is too far in the future."));
    }

    @ParameterizedTest
    @MethodSource("validity")
    void requestedValidityMustFitTheClaims(Duration notBefore, Duration notAfter, String refusal) {
        NewOrderRequest r = dated(notBefore, notAfter);
        if (refusal != null) {
            assertRefused(p, account, r, Problem.MALFORMED, refusal);
            return;
        }
        AcmeOrder o = ra.orders.create(p, account, r);
        assertThat(o.status()).isEqualTo(AcmeOrder.Status.PENDING);
        assertThat(o.notBefore()).isEqualTo(r.notBefore());
        assertThat(o.notAfter()).isEqualTo(r.notAfter());
        assertThat(ra.storage.findOrder(o.id()).orElseThrow()).isEqualTo(o);
    }

    // ---- profiles ---------------------------------------------------------------------------------------------------

    /** The provisioner's default profile, the requested one, a notAfter offset; the order's profile, lifetime and EKUs. */
    static Stream<Arguments> profiles() {
        List<String> both = List.of(SERVER_AUTH, CLIENT_AUTH);
        return Stream.of(
                argumentSet("ok/none", null, null, null, null, Duration.ofHours(24), both),
                argumentSet("ok/tlsserver", null, "tlsserver", null, "tlsserver", Duration.ofHours(12), List.of(SERVER_AUTH)),
                argumentSet("ok/short-default-usages", null, "short", null, "short", Duration.ofHours(1), both),
                argumentSet("ok/client", null, "client", null, "client", Duration.ofHours(2), List.of(CLIENT_AUTH)),
                argumentSet("ok/default-profile", "short", null, null, "short", Duration.ofHours(1), both),
                argumentSet("ok/requested-over-default", "short", "tlsserver", null, "tlsserver", Duration.ofHours(12), List.of(SERVER_AUTH)),
                argumentSet("ok/notAfter-over-profile-duration", null, "tlsserver", Duration.ofHours(3), "tlsserver", Duration.ofHours(3),
                        List.of(SERVER_AUTH)));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theProfileShapesTheCertificate(String defaultProfile, String requested, Duration notAfter, String profile, Duration lifetime,
            List<String> usages) throws Exception {
        AcmeProvisioner prov = RaFixture.provisioner("acme", Claims.DEFAULTS, PROFILES, defaultProfile, LimitsConfig.DEFAULTS);
        NewOrderRequest r = new NewOrderRequest(List.of(new AcmeIdentifier("ip", IP)), null,
                notAfter == null ? null : T0.plus(notAfter), requested, null);

        RaFixture.Issued issued = ra.issue(prov, account, r);
        assertThat(issued.order().profile()).isEqualTo(profile);
        X509Certificate cert = issued.certificate();
        assertThat(cert.getNotBefore().toInstant()).as("backdated a minute").isEqualTo(T0.minus(Duration.ofMinutes(1)));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(T0.plus(lifetime));
        assertThat(cert.getExtendedKeyUsage()).containsExactlyElementsOf(usages);
    }

    static Stream<Arguments> unknownProfiles() {
        return Stream.of(
                argumentSet("fail/unknown", PROFILES, "nope",
                        "The profile \"nope\" is not offered by the provisioner \"acme\"; it offers client, short, tlsserver."),
                argumentSet("fail/provisioner-without-profiles", Map.of(), "tlsserver",
                        "The profile \"tlsserver\" is not offered by the provisioner \"acme\", which has none."));
    }

    @ParameterizedTest
    @MethodSource("unknownProfiles")
    void anUnknownProfileIsInvalidProfile(Map<String, ProfileConfig> profiles, String requested, String detail) {
        AcmeProvisioner prov = RaFixture.provisioner("acme", Claims.DEFAULTS, profiles, null, LimitsConfig.DEFAULTS);
        assertRefused(prov, account, new NewOrderRequest(List.of(new AcmeIdentifier("ip", IP)), null, null, requested, null),
                Problem.INVALID_PROFILE, detail);
    }

    // ---- replaces (RFC 9773 §5) -------------------------------------------------------------------------------------

    /** How the certificate to replace is named. */
    enum Target { OWN, OTHER_ACCOUNTS, UNKNOWN_SERIAL, OTHER_CA, MALFORMED }

    /** An earlier order replacing the same certificate, and the state it is left in. */
    enum Earlier { NONE, PENDING, READY, VALID, INVALID, EXPIRED }

    /** target, earlier replacement, the new order's identifiers; the refusal (%1$s certID, %2$s earlier order) or null. */
    static Stream<Arguments> replacements() {
        String replaced = "The certificate %1$s is already replaced by order %2$s.";
        return Stream.of(
                argumentSet("ok/own-certificate", Target.OWN, Earlier.NONE, List.of(IP), null, null),
                argumentSet("ok/one-shared-name-of-two", Target.OWN, Earlier.NONE, List.of("127.0.0.2", IP), null, null),
                argumentSet("ok/earlier-replacement-invalid", Target.OWN, Earlier.INVALID, List.of(IP), null, null),
                argumentSet("ok/earlier-replacement-expired", Target.OWN, Earlier.EXPIRED, List.of(IP), null, null),
                argumentSet("fail/earlier-replacement-pending", Target.OWN, Earlier.PENDING, List.of(IP), Problem.ALREADY_REPLACED, replaced),
                argumentSet("fail/earlier-replacement-ready", Target.OWN, Earlier.READY, List.of(IP), Problem.ALREADY_REPLACED, replaced),
                argumentSet("fail/earlier-replacement-valid", Target.OWN, Earlier.VALID, List.of(IP), Problem.ALREADY_REPLACED, replaced),
                argumentSet("fail/no-shared-name", Target.OWN, Earlier.NONE, List.of("127.0.0.2"), Problem.MALFORMED,
                        "The order shares no identifier with the certificate it replaces."),
                argumentSet("fail/other-accounts-certificate", Target.OTHER_ACCOUNTS, Earlier.NONE, List.of(IP), Problem.UNAUTHORIZED,
                        "The certificate %1$s named by replaces was not issued to this account."),
                argumentSet("fail/unknown-certificate", Target.UNKNOWN_SERIAL, Earlier.NONE, List.of(IP), Problem.MALFORMED,
                        "The certificate %1$s named by replaces does not exist."),
                argumentSet("fail/other-issuer", Target.OTHER_CA, Earlier.NONE, List.of(IP), Problem.MALFORMED,
                        "The certificate %1$s named by replaces was not issued by this CA."),
                argumentSet("fail/malformed-cert-id", Target.MALFORMED, Earlier.NONE, List.of(IP), Problem.MALFORMED,
                        "\"%1$s\" is not a certificate identifier (base64url AKI, a dot, base64url serial)."));
    }

    @ParameterizedTest
    @MethodSource("replacements")
    void replacesNamesACertificateOfThisAccountOnce(Target target, Earlier earlier, List<String> ips, Problem problem, String refusal) {
        AcmeAccount other = ra.account(p);
        X509Certificate mine = ra.issue(p, account, request(IP)).certificate();
        X509Certificate theirs = ra.issue(p, other, request(IP)).certificate();
        String certId = switch (target) {
            case OWN -> CertId.of(mine).toString();
            case OTHER_ACCOUNTS -> CertId.of(theirs).toString();
            case UNKNOWN_SERIAL -> new CertId(ra.signer.intermediateKeyId(), BigInteger.valueOf(424242)).toString();
            case OTHER_CA -> new CertId(new byte[] {1, 2, 3}, mine.getSerialNumber()).toString();
            case MALFORMED -> "not-a-cert-id";
        };
        String earlierId = earlier(earlier, certId);
        NewOrderRequest r = new NewOrderRequest(ips.stream().map(v -> new AcmeIdentifier("ip", v)).toList(), null, null, null, certId);

        if (problem != null) {
            assertRefused(p, account, r, problem, refusal.formatted(certId, earlierId));
            return;
        }
        AcmeOrder o = ra.orders.create(p, account, r);
        assertThat(o.replaces()).isEqualTo(certId);
        assertThat(ra.storage.ordersReplacing(certId)).extracting(AcmeOrder::id).endsWith(o.id());
    }

    /** Creates the earlier replacement order in the requested state; returns its id, or null for none. */
    private String earlier(Earlier state, String certId) {
        if (state == Earlier.NONE) return null;
        NewOrderRequest r = new NewOrderRequest(List.of(new AcmeIdentifier("ip", IP)), null, null, null, certId);
        AcmeOrder o = switch (state) {
            case PENDING, EXPIRED -> ra.orders.create(p, account, r);
            case READY -> ra.readyOrder(p, account, r);
            case VALID -> ra.issue(p, account, r).order();
            case INVALID -> {
                AcmeOrder pending = ra.orders.create(p, account, r);
                ra.authorizations.deactivate(account, pending.authorizationIds().get(0));
                yield ra.orders.find(account, pending.id());
            }
            case NONE -> throw new IllegalStateException();
        };
        assertThat(o.status().name()).isEqualTo(state == Earlier.EXPIRED ? "PENDING" : state.name());
        if (state == Earlier.EXPIRED) ra.clock.advance(OrderRegistry.ORDER_LIFETIME);
        return o.id();
    }

    @Test
    void aCertIdRoundTripsAndNamesTheIssuerKey() {
        X509Certificate cert = ra.issue(p, account, request(IP)).certificate();
        CertId id = CertId.of(cert);
        assertThat(id.issuedBy(ra.signer.intermediateKeyId())).isTrue();
        assertThat(id.serial()).isEqualTo(cert.getSerialNumber());
        assertThat(CertId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void anOrderExpiresOneLifetimeAfterItsCreation() {
        ra.clock.advance(Duration.ofHours(5));
        AcmeOrder o = ra.orders.create(p, account, request(IP));
        assertThat(o.createdAt()).isEqualTo(T0.plus(Duration.ofHours(5)));
        assertThat(o.expiresAt()).isEqualTo(Instant.parse("2026-03-02T17:00:00Z"));
    }
}

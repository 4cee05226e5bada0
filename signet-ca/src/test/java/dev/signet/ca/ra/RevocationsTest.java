package dev.signet.ca.ra;

import static dev.signet.ca.ra.RaFixture.IP;
import static dev.signet.ca.ra.RaFixture.T0;
import static dev.signet.ca.ra.RaFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.pki.KeyType;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** revokeCert (RFC 8555 §7.6): who may revoke, with which reasons, and only once. */
class RevocationsTest extends RaTestBase {
    private static final String BAD_REASON = "The revocation reason %d is not allowed; use 0 (unspecified), 1 (keyCompromise),"
            + " 3 (affiliationChanged), 4 (superseded) or 5 (cessationOfOperation).";

    private final AcmeProvisioner p = RaFixture.provisioner("acme");
    private AcmeAccount owner;
    private RaFixture.Issued issued;

    @BeforeEach
    void start() {
        owner = ra.account(p);
        issued = ra.issue(p, owner, request(IP));
        ra.clock.advance(Duration.ofHours(1));
    }

    /** Who signs the revocation request. */
    enum Requester { OWNER, AUTHORIZED_ACCOUNT, AUTHORIZATION_EXPIRED, STRANGER, CERTIFICATE_KEY, OTHER_KEY, NOBODY }

    private static JWK jwk(KeyPair key) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) key.getPublic()).build();
    }

    /** requester, reason (null: left out), and the refusal (%s: the requesting account's id) or null with the actor. */
    static Stream<Arguments> revocations() {
        return Stream.of(
                argumentSet("ok/owner-no-reason", Requester.OWNER, null, null, null),
                argumentSet("ok/owner-keyCompromise", Requester.OWNER, 1, null, null),
                argumentSet("ok/owner-affiliationChanged", Requester.OWNER, 3, null, null),
                argumentSet("ok/owner-superseded", Requester.OWNER, 4, null, null),
                argumentSet("ok/owner-cessationOfOperation", Requester.OWNER, 5, null, null),
                argumentSet("ok/account-with-valid-authorizations", Requester.AUTHORIZED_ACCOUNT, 0, null, null),
                argumentSet("ok/certificate-key", Requester.CERTIFICATE_KEY, 1, null, null),
                argumentSet("fail/reason-cACompromise", Requester.OWNER, 2, Problem.BAD_REVOCATION_REASON, BAD_REASON.formatted(2)),
                argumentSet("fail/reason-certificateHold", Requester.OWNER, 6, Problem.BAD_REVOCATION_REASON, BAD_REASON.formatted(6)),
                argumentSet("fail/reason-unused-7", Requester.OWNER, 7, Problem.BAD_REVOCATION_REASON, BAD_REASON.formatted(7)),
                argumentSet("fail/reason-removeFromCRL", Requester.OWNER, 8, Problem.BAD_REVOCATION_REASON, BAD_REASON.formatted(8)),
                argumentSet("fail/reason-privilegeWithdrawn", Requester.OWNER, 9, Problem.BAD_REVOCATION_REASON, BAD_REASON.formatted(9)),
                argumentSet("fail/reason-aACompromise", Requester.OWNER, 10, Problem.BAD_REVOCATION_REASON, BAD_REASON.formatted(10)),
                argumentSet("fail/reason-negative", Requester.OWNER, -1, Problem.BAD_REVOCATION_REASON, BAD_REASON.formatted(-1)),
                argumentSet("fail/bad-reason-before-authorization", Requester.STRANGER, 2, Problem.BAD_REVOCATION_REASON,
                        BAD_REASON.formatted(2)),
                argumentSet("fail/account-without-authorizations", Requester.STRANGER, 0, Problem.UNAUTHORIZED,
                        "The account %s neither ordered this certificate nor holds valid authorizations for all its names."),
                argumentSet("fail/account-whose-authorization-expired", Requester.AUTHORIZATION_EXPIRED, 0, Problem.UNAUTHORIZED,
                        "The account %s neither ordered this certificate nor holds valid authorizations for all its names."),
                argumentSet("fail/another-key", Requester.OTHER_KEY, 1, Problem.UNAUTHORIZED,
                        "The request is not signed by the certificate's key."),
                argumentSet("fail/no-account-no-key", Requester.NOBODY, 1, Problem.UNAUTHORIZED,
                        "The request is not signed by the certificate's key."));
    }

    @ParameterizedTest
    @MethodSource("revocations")
    void revokes(Requester requester, Integer reason, Problem problem, String refusal) {
        AcmeAccount account = switch (requester) {
            case OWNER -> owner;
            case AUTHORIZED_ACCOUNT, AUTHORIZATION_EXPIRED -> {
                AcmeAccount other = ra.account(p);
                ra.readyOrder(p, other, request(IP));
                if (requester == Requester.AUTHORIZATION_EXPIRED) ra.clock.advance(OrderRegistry.ORDER_LIFETIME);
                yield other;
            }
            case STRANGER -> ra.account(p);
            default -> null;
        };
        JWK key = switch (requester) {
            case CERTIFICATE_KEY -> jwk(issued.key());
            case OTHER_KEY -> jwk(KeyType.EC_P256.generate());
            default -> null;
        };

        if (problem != null) {
            assertThatThrownBy(() -> ra.revocations.revoke(p, issued.der(), reason, account, key))
                    .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                    .hasMessage(refusal.formatted(account == null ? null : account.id()));
            assertThat(record().status()).isEqualTo(CertificateRecord.Status.VALID);
            return;
        }
        ra.revocations.revoke(p, issued.der(), reason, account, key);
        CertificateRecord revoked = record();
        assertThat(revoked.status()).isEqualTo(CertificateRecord.Status.REVOKED);
        assertThat(revoked.revocationReason()).isEqualTo(reason == null ? 0 : reason);
        assertThat(revoked.revokedAt()).isEqualTo(ra.clock.instant());
        AuditEvent event = ra.storage.recentAuditEvents(1).get(0);
        assertThat(event.action()).isEqualTo("certificate.revoke");
        assertThat(event.actor()).isEqualTo((account == null ? "certificate-key" : "acme-account:" + account.id()) + "@acme");
        assertThat(event.target()).isEqualTo(issued.certificate().getSerialNumber().toString());

        assertThatThrownBy(() -> ra.revocations.revoke(p, issued.der(), reason, account, key))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.ALREADY_REVOKED))
                .hasMessage("The certificate " + issued.certificate().getSerialNumber().toString(16) + " is already revoked.");
        assertThat(record()).usingRecursiveComparison().isEqualTo(revoked);
    }

    private CertificateRecord record() {
        return ra.storage.findCertificate(issued.certificate().getSerialNumber()).orElseThrow();
    }

    @Test
    void onlyCertificatesOfThisCaCanBeRevoked() throws Exception {
        byte[] intermediate = ra.signer.intermediate().getEncoded();
        assertThatThrownBy(() -> ra.revocations.revoke(p, intermediate, 0, owner, null))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND))
                .hasMessage("The certificate to revoke was not issued by this CA.");
        assertThatThrownBy(() -> ra.revocations.revoke(p, new byte[] {0x30, 0x00}, 0, owner, null))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                .hasMessage("The certificate to revoke is not a DER-encoded X.509 certificate.");
        assertThat(record().status()).isEqualTo(CertificateRecord.Status.VALID);
        assertThat(record().notBefore()).isEqualTo(T0.minus(Duration.ofMinutes(1)));
    }
}

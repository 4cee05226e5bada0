package dev.signet.ca.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.audit.AuditLog;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.signer.AdminCertificates;
import dev.signet.ca.storage.AuditEvent;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** Who is admin: the stored admin certificate only; its SAN alone is not enough, and revocation ends it. */
class AdminAuthorityTest extends RaTestBase {
    @Test
    void onlyTheStoredUnrevokedAdminCertificateIsAdmin() {
        AdminAuthority admins = new AdminAuthority(ra.storage, ra.clock);
        X509Certificate admin = AdminCertificates.issue(RaFixture.testCa(), ra.clock).certificate();

        assertThatThrownBy(() -> admins.authenticate(null))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAUTHENTICATED));
        assertThatThrownBy(() -> admins.authenticate(new X509Certificate[] {admin}))
                .as("a certificate with the admin SAN that the CA did not store as its admin certificate")
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAUTHORIZED))
                .hasMessage("The client certificate " + admin.getSerialNumber() + " is not this CA's admin certificate.");

        assertThat(AdminCertificates.register(admin, new AuditLog(ra.storage, ra.clock, null), ra.storage)).isTrue();
        assertThat(AdminCertificates.register(admin, new AuditLog(ra.storage, ra.clock, null), ra.storage)).isFalse();
        assertThat(admins.authenticate(new X509Certificate[] {admin})).isEqualTo("admin:" + admin.getSerialNumber());

        ra.storage.revokeCertificate(admin.getSerialNumber(), 1, ra.clock.instant(), new AuditEvent(ra.clock.instant(), "t", "t", "t", "success", ""));
        assertThatThrownBy(() -> admins.authenticate(new X509Certificate[] {admin}))
                .hasMessage("The admin certificate " + admin.getSerialNumber() + " is revoked.");
    }
}

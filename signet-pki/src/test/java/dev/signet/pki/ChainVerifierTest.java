package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChainVerifierTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LEAF_END = Instant.parse("2026-01-02T00:00:00Z");
    private static final Instant CA_END = Instant.parse("2036-01-01T00:00:00Z");
    private static final Instant DURING = Instant.parse("2026-01-01T12:00:00Z");

    private static X509Certificate root;
    private static X509Certificate intermediate;
    private static X509Certificate leaf;
    private static X509Certificate otherRoot;

    @BeforeAll
    static void hierarchy() {
        KeyPair rootKey = KeyType.EC_P256.generate();
        root = TestCerts.root(rootKey, "Chain Root CA", START, CA_END);
        KeyPair intermediateKey = KeyType.EC_P256.generate();
        intermediate = TestCerts.issue(CertificateProfile.INTERMEDIATE_CA, intermediateKey.getPublic(), "Chain Intermediate CA",
                List.of(), START, CA_END, root, rootKey.getPrivate());
        leaf = TestCerts.issue(CertificateProfile.LEAF, KeyType.EC_P256.generate().getPublic(), null,
                SubjectName.parseAll(List.of("a.example.com,*.wild.example.com,10.0.0.1,2001:db8::1")),
                START, LEAF_END, intermediate, intermediateKey.getPrivate());
        otherRoot = TestCerts.root(KeyType.EC_P256.generate(), "Chain Root CA", START, CA_END);
    }

    @Test
    void validChainReturnsThePathEndingInTheRoot() {
        assertThat(ChainVerifier.verify(List.of(leaf, intermediate), List.of(otherRoot, root), "a.example.com", DURING))
                .containsExactly(leaf, intermediate, root);
        assertThat(ChainVerifier.verify(List.of(leaf, intermediate), List.of(root), null, DURING))
                .containsExactly(leaf, intermediate, root);
    }

    @Test
    void expiredLeafIsReportedWithItsExpiry() {
        assertThatThrownBy(() -> ChainVerifier.verify(List.of(leaf, intermediate), List.of(root), null, LEAF_END.plusSeconds(1)))
                .isInstanceOf(PkiException.class)
                .hasMessage("The certificate expired at 2026-01-02T00:00:00Z.");
    }

    @Test
    void notYetValidLeafIsReportedWithItsStart() {
        assertThatThrownBy(() -> ChainVerifier.verify(List.of(leaf, intermediate), List.of(root), null, START.minusSeconds(1)))
                .isInstanceOf(PkiException.class)
                .hasMessage("The certificate is not valid before 2026-01-01T00:00:00Z.");
    }

    @Test
    void wrongRootDoesNotChain() {
        // same subject name as the real root, different key: only the signature can tell them apart
        assertThatThrownBy(() -> ChainVerifier.verify(List.of(leaf, intermediate), List.of(otherRoot), null, DURING))
                .isInstanceOf(PkiException.class)
                .hasMessage("The certificate does not chain to the given roots: no path to a trusted root was found.");
    }

    @Test
    void missingIntermediateDoesNotChain() {
        assertThatThrownBy(() -> ChainVerifier.verify(List.of(leaf), List.of(root), null, DURING))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("The certificate does not chain to the given roots: ");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "a.example.com,           true",
        "A.EXAMPLE.COM,           true",
        "a.example.com.,          true",
        "b.example.com,           false",
        "example.com,             false",
        "x.wild.example.com,      true",
        "wild.example.com,        false",
        "x.y.wild.example.com,    false",
        "xwild.example.com,       false",
        "10.0.0.1,                true",
        "10.0.0.2,                false",
        "2001:db8:0::1,           true",
        "2001:DB8:0:0:0:0:0:1,    true",
        "2001:db8::2,             false",
        "ops@a.example.com,       false",
        "not a host,              false",
    })
    void hostMatching(String host, boolean matches) {
        assertThat(ChainVerifier.matchesHost(leaf, host)).isEqualTo(matches);
    }

    @Test
    void hostMismatchNamesWhatTheCertificateIsFor() {
        assertThatThrownBy(() -> ChainVerifier.verify(List.of(leaf, intermediate), List.of(root), "x.y.wild.example.com", DURING))
                .isInstanceOf(PkiException.class)
                .hasMessage("The certificate is not valid for x.y.wild.example.com; it names "
                        + "[a.example.com, *.wild.example.com, 10.0.0.1, 2001:db8:0:0:0:0:0:1].");
    }

    @Test
    void certificateWithoutNamesSaysSo() {
        assertThatThrownBy(() -> ChainVerifier.verify(List.of(intermediate), List.of(root), "a.example.com", DURING))
                .isInstanceOf(PkiException.class)
                .hasMessage("The certificate is not valid for a.example.com; it names no subject alternative names.");
    }
}

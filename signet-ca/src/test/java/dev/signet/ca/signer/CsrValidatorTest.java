package dev.signet.ca.signer;

import static dev.signet.ca.signer.Csrs.dns;
import static dev.signet.ca.signer.Csrs.email;
import static dev.signet.ca.signer.Csrs.ip;
import static dev.signet.ca.signer.Csrs.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.pki.KeyType;
import dev.signet.pki.SubjectName;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsrValidatorTest {
    private static final String KEY_POLICY = "; Signet accepts RSA keys of 2048 to 8192 bits, EC P-256 or P-384, and Ed25519.";
    private static final KeyPair P256 = KeyType.EC_P256.generate();

    private static Supplier<PKCS10CertificationRequest> csr(Supplier<PKCS10CertificationRequest> s) {
        return s;
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                argumentSet("fail/csr-bad-signature", csr(() -> Csrs.csr(P256, null, List.of(dns("app.example.com")),
                                KeyType.EC_P256.generate().getPrivate())),
                        Problem.BAD_CSR, "The CSR's signature does not verify with its own public key."),
                argumentSet("fail/csr-tampered-signature", csr(() -> Csrs.tamperedSignature(Csrs.csr(P256, null, List.of(dns("app.example.com"))))),
                        Problem.BAD_CSR, "The CSR's signature does not verify with its own public key."),
                argumentSet("fail/csr-rsa-1024", csr(() -> Csrs.csr(Csrs.bouncyCastle("RSA", null, 1024), null, List.of(dns("app.example.com")))),
                        Problem.BAD_PUBLIC_KEY, "The CSR's key is RSA 1024" + KEY_POLICY),
                argumentSet("fail/csr-secp256k1", csr(() -> Csrs.csr(Csrs.bouncyCastle("EC", "secp256k1", 0), null, List.of(dns("app.example.com")))),
                        Problem.BAD_PUBLIC_KEY, "The CSR's key is EC curve 1.3.132.0.10" + KEY_POLICY),
                argumentSet("fail/csr-p521", csr(() -> Csrs.csr(Csrs.bouncyCastle("EC", "secp521r1", 0), null, List.of(dns("app.example.com")))),
                        Problem.BAD_PUBLIC_KEY, "The CSR's key is EC curve 1.3.132.0.35" + KEY_POLICY),
                argumentSet("fail/csr-ed448", csr(() -> Csrs.csr(jdk("Ed448"), null, List.of(dns("app.example.com")))),
                        Problem.BAD_PUBLIC_KEY, "The CSR's key is Ed448" + KEY_POLICY),
                argumentSet("fail/csr-no-names", csr(() -> Csrs.csr(P256, "CN=Jane Doe,O=Example", List.of())),
                        Problem.BAD_CSR, "The CSR names no DNS name, IP address, email address or URI."),
                argumentSet("fail/csr-empty", csr(() -> Csrs.csr(P256, null, List.of())),
                        Problem.BAD_CSR, "The CSR names no DNS name, IP address, email address or URI."),
                argumentSet("fail/csr-bad-dns-name", csr(() -> Csrs.csr(P256, null, List.of(dns("ok.example.com"), dns("bad..name")))),
                        Problem.BAD_CSR, "The CSR names \"bad..name\", which is invalid: the DNS name \"bad..name\" has an empty label."),
                argumentSet("fail/csr-dns-wildcard-not-leftmost", csr(() -> Csrs.csr(P256, null, List.of(dns("a.*.example.com")))),
                        Problem.BAD_CSR, "The CSR names \"a.*.example.com\", which is invalid: the DNS name \"a.*.example.com\""
                                + " has a wildcard that is not the whole leftmost label."),
                argumentSet("fail/csr-bad-email", csr(() -> Csrs.csr(P256, null, List.of(email("not-an-email")))),
                        Problem.BAD_CSR, "The CSR names \"not-an-email\", which is invalid: \"not-an-email\" is not an email address."),
                argumentSet("fail/csr-relative-uri", csr(() -> Csrs.csr(P256, null, List.of(uri("/just/a/path")))),
                        Problem.BAD_CSR, "The CSR names \"/just/a/path\", which is invalid: \"/just/a/path\" is not an absolute URI."),
                argumentSet("fail/csr-directory-name-san", csr(() -> Csrs.csr(P256, null,
                                List.of(dns("app.example.com"), new GeneralName(new X500Name("CN=someone"))))),
                        Problem.BAD_CSR, "The CSR asks for a subject alternative name of a kind Signet does not issue (tag 4);"
                                + " use DNS names, IP addresses, email addresses or URIs."),
                argumentSet("fail/csr-two-common-names", csr(() -> Csrs.csr(P256, "CN=a.example.com,CN=b.example.com", List.of(dns("a.example.com")))),
                        Problem.BAD_CSR, "The CSR's subject has more than one common name."));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejects(Supplier<PKCS10CertificationRequest> csr, Problem problem, String detail) {
        PKCS10CertificationRequest request = csr.get();
        assertThatThrownBy(() -> CsrValidator.validate(request))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessage(detail);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                argumentSet("ok/csr-cn-only", csr(() -> Csrs.csr(P256, "CN=app.example.com", List.of())),
                        List.of("DNS:app.example.com"), "app.example.com"),
                argumentSet("ok/csr-cn-upper-case-normalised", csr(() -> Csrs.csr(P256, "CN=App.Example.COM", List.of())),
                        List.of("DNS:app.example.com"), "App.Example.COM"),
                argumentSet("ok/csr-cn-ip", csr(() -> Csrs.csr(P256, "CN=10.0.0.7", List.of())),
                        List.of("IP:10.0.0.7"), "10.0.0.7"),
                argumentSet("ok/csr-cn-person-with-san", csr(() -> Csrs.csr(P256, "CN=Jane Doe", List.of(email("jane@example.com")))),
                        List.of("EMAIL:jane@example.com"), "Jane Doe"),
                argumentSet("ok/csr-cn-repeats-san", csr(() -> Csrs.csr(P256, "CN=app.example.com", List.of(dns("app.example.com"), dns("www.example.com")))),
                        List.of("DNS:app.example.com", "DNS:www.example.com"), "app.example.com"),
                argumentSet("ok/csr-cn-added-after-sans", csr(() -> Csrs.csr(P256, "CN=cn.example.com", List.of(dns("san.example.com")))),
                        List.of("DNS:san.example.com", "DNS:cn.example.com"), "cn.example.com"),
                argumentSet("ok/csr-all-kinds", csr(() -> Csrs.csr(P256, null, List.of(dns("App.Example.com."), ip("192.0.2.1"), ip("2001:db8::1"),
                                email("ops@Example.com"), uri("spiffe://example.org/ns/prod/sa/web")))),
                        List.of("DNS:app.example.com", "IP:192.0.2.1", "IP:2001:db8::1", "EMAIL:ops@example.com",
                                "URI:spiffe://example.org/ns/prod/sa/web"), null),
                argumentSet("ok/csr-duplicate-sans-once", csr(() -> Csrs.csr(P256, null, List.of(dns("a.example.com"), dns("A.example.com")))),
                        List.of("DNS:a.example.com"), null),
                argumentSet("ok/csr-wildcard", csr(() -> Csrs.csr(P256, null, List.of(dns("*.example.com")))),
                        List.of("DNS:*.example.com"), null),
                argumentSet("ok/ec-p384", csr(() -> Csrs.csr(KeyType.EC_P384.generate(), null, List.of(dns("app.example.com")))),
                        List.of("DNS:app.example.com"), null),
                argumentSet("ok/ed25519", csr(() -> Csrs.csr(KeyType.ED25519.generate(), null, List.of(dns("app.example.com")))),
                        List.of("DNS:app.example.com"), null),
                argumentSet("ok/ed25519-bouncycastle", csr(() -> Csrs.csr(Csrs.bouncyCastle("Ed25519", null, 0), null, List.of(dns("app.example.com")))),
                        List.of("DNS:app.example.com"), null));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void accepts(Supplier<PKCS10CertificationRequest> csr, List<String> names, String commonName) throws Exception {
        PKCS10CertificationRequest request = csr.get();
        ValidatedCsr v = CsrValidator.validate(request);

        assertThat(v.names()).extracting(n -> n.type() + ":" + n.value()).containsExactlyElementsOf(names);
        assertThat(v.commonName()).isEqualTo(commonName);
        assertThat(v.publicKey().getEncoded()).isEqualTo(request.getSubjectPublicKeyInfo().getEncoded());
        assertThat(KeyType.of(v.publicKey())).isNotNull();
        assertThat(v.names()).allSatisfy(n -> assertThat(SubjectName.parse(n.value())).isEqualTo(n));
    }

    private static KeyPair jdk(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

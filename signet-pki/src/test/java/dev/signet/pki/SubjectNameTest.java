package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.pki.SubjectName.Type;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubjectNameTest {
    private static final String LABEL_63 = "a".repeat(63);
    private static final String LABEL_64 = "a".repeat(64);
    /** 4 labels of 63 characters and 3 dots: 255 characters; cut to the lengths needed. */
    private static final String NAME_253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
    private static final String NAME_254 = NAME_253 + "e";

    static Stream<Arguments> classified() {
        return Stream.of(
                argumentSet("dns/plain", "app.example.com", Type.DNS, "app.example.com"),
                argumentSet("dns/upper-case", "App.Example.COM", Type.DNS, "app.example.com"),
                argumentSet("dns/trailing-dot", "app.example.com.", Type.DNS, "app.example.com"),
                argumentSet("dns/single-label", "localhost", Type.DNS, "localhost"),
                argumentSet("dns/wildcard", "*.Example.com", Type.DNS, "*.example.com"),
                argumentSet("dns/inner-hyphen-and-digits", "a-1.b2.example", Type.DNS, "a-1.b2.example"),
                argumentSet("dns/63-char-label", LABEL_63 + ".com", Type.DNS, LABEL_63 + ".com"),
                argumentSet("dns/253-chars", NAME_253, Type.DNS, NAME_253),
                argumentSet("dns/253-chars-plus-root-dot", NAME_253 + ".", Type.DNS, NAME_253),
                argumentSet("ip/v4", "192.0.2.10", Type.IP, "192.0.2.10"),
                argumentSet("ip/v4-surrounding-space", " 10.0.0.1 ", Type.IP, "10.0.0.1"),
                argumentSet("ip/v6-loopback", "::1", Type.IP, "::1"),
                argumentSet("ip/v6-upper-case", "2001:DB8::1", Type.IP, "2001:db8::1"),
                argumentSet("ip/v6-rfc5952-leading-zeros", "2001:0db8:0000:0000:0000:ff00:0042:8329", Type.IP, "2001:db8::ff00:42:8329"),
                argumentSet("ip/v6-rfc5952-first-of-equal-runs", "2001:db8:0:0:1:0:0:1", Type.IP, "2001:db8::1:0:0:1"),
                argumentSet("ip/v6-rfc5952-longest-run", "2001:0:0:1:0:0:0:1", Type.IP, "2001:0:0:1::1"),
                argumentSet("ip/v6-rfc5952-single-zero-kept", "2001:db8:0:1:1:1:1:1", Type.IP, "2001:db8:0:1:1:1:1:1"),
                argumentSet("ip/v6-unspecified", "0:0:0:0:0:0:0:0", Type.IP, "::"),
                argumentSet("ip/v6-trailing-run", "1:0:0:0:0:0:0:0", Type.IP, "1::"),
                argumentSet("email/domain-lower-cased", "Ops@Example.COM", Type.EMAIL, "Ops@example.com"),
                argumentSet("uri/https", "https://example.com/path?q=1", Type.URI, "https://example.com/path?q=1"),
                argumentSet("uri/spiffe", "spiffe://example.org/ns/prod/sa/web", Type.URI, "spiffe://example.org/ns/prod/sa/web"),
                argumentSet("uri/urn", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", Type.URI,
                        "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
    }

    @ParameterizedTest
    @MethodSource("classified")
    void classifiesAndNormalises(String text, Type type, String value) {
        SubjectName name = SubjectName.parse(text);
        assertThat(name.type()).isEqualTo(type);
        assertThat(name.value()).isEqualTo(value);
        assertThat(name.toString()).isEqualTo(value);
    }

    static Stream<Arguments> rejected() {
        String invalidLabel = "\" (letters, digits and inner hyphens only, at most 63 characters).";
        return Stream.of(
                argumentSet("fail/empty", "", "An empty string is not a valid name."),
                argumentSet("fail/blank", "   ", "An empty string is not a valid name."),
                argumentSet("fail/empty-label", "a..b", "The DNS name \"a..b\" has an empty label."),
                argumentSet("fail/leading-dot", ".example.com", "The DNS name \".example.com\" has an empty label."),
                argumentSet("fail/two-trailing-dots", "example.com..", "The DNS name \"example.com..\" has an empty label."),
                argumentSet("fail/underscore", "a_b.example.com",
                        "The DNS name \"a_b.example.com\" has an invalid label \"a_b" + invalidLabel),
                argumentSet("fail/underscore-upper-case", "A_B.example.com",
                        "The DNS name \"A_B.example.com\" has an invalid label \"a_b" + invalidLabel),
                argumentSet("fail/leading-hyphen", "-a.example.com",
                        "The DNS name \"-a.example.com\" has an invalid label \"-a" + invalidLabel),
                argumentSet("fail/trailing-hyphen", "a-.example.com",
                        "The DNS name \"a-.example.com\" has an invalid label \"a-" + invalidLabel),
                argumentSet("fail/wildcard-not-leftmost", "a.*.com",
                        "The DNS name \"a.*.com\" has a wildcard that is not the whole leftmost label."),
                argumentSet("fail/partial-wildcard", "f*o.example.com",
                        "The DNS name \"f*o.example.com\" has a wildcard that is not the whole leftmost label."),
                argumentSet("fail/wildcard-alone", "*",
                        "The DNS name \"*\" has a wildcard that is not the whole leftmost label."),
                argumentSet("fail/64-char-label", LABEL_64 + ".com",
                        "The DNS name \"" + LABEL_64 + ".com\" has an invalid label \"" + LABEL_64 + invalidLabel),
                argumentSet("fail/254-chars", NAME_254, "The DNS name \"" + NAME_254 + "\" is longer than 253 characters."),
                argumentSet("fail/ipv4-octet-over-255", "256.1.1.1", "The DNS name \"256.1.1.1\" ends in an all-numeric label;"
                        + " if it is meant as an IP address, it is not a valid one."),
                argumentSet("fail/ipv6-too-few-groups", "1:2:3", "\"1:2:3\" is not an IP address."),
                argumentSet("fail/email-bad-domain", "ops@bad..example.com", "The DNS name \"bad..example.com\" has an empty label."),
                argumentSet("fail/email-space-in-local-part", "o ps@example.com", "\"o ps@example.com\" is not an email address."),
                argumentSet("fail/uri-space", "https://x y/", "\"https://x y/\" is not a valid URI: Illegal character in authority."));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWithSentence(String text, String message) {
        assertThatThrownBy(() -> SubjectName.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void emailRejectsMissingLocalPartOrDomain() {
        assertThatThrownBy(() -> SubjectName.email("ops@")).hasMessage("\"ops@\" is not an email address.");
        assertThatThrownBy(() -> SubjectName.email("@example.com")).hasMessage("\"@example.com\" is not an email address.");
    }

    @Test
    void uriMustBeAbsolute() {
        assertThatThrownBy(() -> SubjectName.uri("/relative/path")).hasMessage("\"/relative/path\" is not an absolute URI.");
    }

    @Test
    void ipRejectsNonLiterals() {
        assertThatThrownBy(() -> SubjectName.ip("example.com")).hasMessage("\"example.com\" is not an IP address.");
    }

    @ParameterizedTest
    @MethodSource("classified")
    void generalNameRoundTrip(String text, Type type, String value) {
        SubjectName name = SubjectName.parse(text);
        assertThat(SubjectName.fromGeneralName(name.toGeneralName())).isEqualTo(name);
    }

    @Test
    void parseAllSplitsCommasAndDropsDuplicatesAndBlanks() {
        assertThat(SubjectName.parseAll(List.of("a.example.com, 10.0.0.1", "A.example.com,,", "ops@example.com")))
                .containsExactly(
                        new SubjectName(Type.DNS, "a.example.com"),
                        new SubjectName(Type.IP, "10.0.0.1"),
                        new SubjectName(Type.EMAIL, "ops@example.com"));
        assertThat(SubjectName.parseAll(null)).isEmpty();
    }
}

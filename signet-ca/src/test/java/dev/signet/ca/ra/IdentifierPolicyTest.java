package dev.signet.ca.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.error.Subproblem;
import dev.signet.ca.storage.AcmeIdentifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentifierPolicyTest {
    private static AcmeIdentifier dns(String v) {
        return new AcmeIdentifier("dns", v);
    }

    private static AcmeIdentifier ip(String v) {
        return new AcmeIdentifier("ip", v);
    }

    /** requested identifier, the accepted one (type, normalised value without wildcard label), wildcard. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                argumentSet("ok/dns", dns("www.example.com"), dns("www.example.com"), false),
                argumentSet("ok/dns-lower-cased", dns("WWW.Example.COM"), dns("www.example.com"), false),
                argumentSet("ok/localhost-single-label", dns("localhost"), dns("localhost"), false),
                argumentSet("ok/wildcard", dns("*.example.com"), dns("example.com"), true),
                argumentSet("ok/ipv4", ip("192.0.2.7"), ip("192.0.2.7"), false),
                argumentSet("ok/ipv6-normalised", ip("2001:DB8::1"), ip("2001:db8::1"), false),
                argumentSet("ok/ipv6-loopback", ip("::1"), ip("::1"), false),
                argumentSet("ok/ipv4-mapped-ipv6-is-ipv4", ip("::ffff:192.0.2.7"), ip("192.0.2.7"), false));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptsAndNormalises(AcmeIdentifier requested, AcmeIdentifier identifier, boolean wildcard) {
        assertThat(IdentifierPolicy.check(List.of(requested))).containsExactly(new OrderIdentifier(identifier, wildcard));
    }

    /** A single identifier the policy refuses: the problem and sentence, also in the one subproblem. */
    static Stream<Arguments> refused() {
        return Stream.of(
                rejected("fail/ip-octet-256", ip("256.1.1.1"), "\"256.1.1.1\" is not a valid IP address."),
                rejected("fail/ip-three-octets", ip("10.1.1"), "\"10.1.1\" is not a valid IP address."),
                rejected("fail/ipv6-two-double-colons", ip("1::2::3"), "\"1::2::3\" is not a valid IP address."),
                rejected("fail/dns-name-as-ip", ip("www.example.com"), "\"www.example.com\" is not a valid IP address."),
                rejected("fail/ip-as-dns", dns("192.0.2.7"),
                        "The DNS name \"192.0.2.7\" ends in an all-numeric label; if it is meant as an IP address, it is not a valid one."),
                rejected("fail/single-label", dns("intranet"),
                        "The DNS name \"intranet\" has a single label; use a fully qualified name."),
                rejected("fail/wildcard-over-single-label", dns("*.intranet"),
                        "The DNS name \"*.intranet\" has a single label; use a fully qualified name."),
                rejected("fail/trailing-dot", dns("www.example.com."),
                        "The DNS name \"www.example.com.\" must not end with a dot."),
                rejected("fail/inner-wildcard", dns("www.*.example.com"),
                        "The DNS name \"www.*.example.com\" has a wildcard that is not the whole leftmost label."),
                rejected("fail/empty-label", dns("a..example.com"), "The DNS name \"a..example.com\" has an empty label."),
                rejected("fail/underscore", dns("a_b.example.com"),
                        "The DNS name \"a_b.example.com\" has an invalid label \"a_b\" (letters, digits and inner hyphens only, at most 63 characters)."),
                argumentSet("fail/unknown-type", new AcmeIdentifier("email", "ops@example.com"), Problem.UNSUPPORTED_IDENTIFIER,
                        "The identifier type \"email\" is not supported; use dns or ip."));
    }

    private static Arguments rejected(String name, AcmeIdentifier requested, String detail) {
        return argumentSet(name, requested, Problem.REJECTED_IDENTIFIER, detail);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesOneIdentifierWithItsOwnProblem(AcmeIdentifier requested, Problem problem, String detail) {
        assertThatThrownBy(() -> IdentifierPolicy.check(List.of(requested)))
                .isInstanceOfSatisfying(CaException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.subproblems()).containsExactly(new Subproblem(problem, detail, requested.type(), requested.value()));
                })
                .hasMessage(detail);
    }

    /** Several identifiers with some bad: the top problem and sentence, and one subproblem per bad identifier. */
    static Stream<Arguments> refusedTogether() {
        Subproblem singleLabel = new Subproblem(Problem.REJECTED_IDENTIFIER,
                "The DNS name \"intranet\" has a single label; use a fully qualified name.", "dns", "intranet");
        Subproblem badIp = new Subproblem(Problem.REJECTED_IDENTIFIER, "\"256.1.1.1\" is not a valid IP address.", "ip", "256.1.1.1");
        Subproblem email = new Subproblem(Problem.UNSUPPORTED_IDENTIFIER,
                "The identifier type \"email\" is not supported; use dns or ip.", "email", "ops@example.com");
        Subproblem uri = new Subproblem(Problem.UNSUPPORTED_IDENTIFIER,
                "The identifier type \"uri\" is not supported; use dns or ip.", "uri", "spiffe://example.org/a");
        return Stream.of(
                argumentSet("fail/two-bad-one-good", List.of(dns("intranet"), dns("www.example.com"), ip("256.1.1.1")),
                        Problem.REJECTED_IDENTIFIER, "2 of the order's identifiers cannot be issued; see the subproblems.",
                        List.of(singleLabel, badIp)),
                argumentSet("fail/one-bad-one-good", List.of(dns("www.example.com"), ip("256.1.1.1")),
                        Problem.REJECTED_IDENTIFIER, "1 of the order's identifiers cannot be issued; see the subproblems.",
                        List.of(badIp)),
                argumentSet("fail/two-unsupported", List.of(new AcmeIdentifier("email", "ops@example.com"),
                        new AcmeIdentifier("uri", "spiffe://example.org/a")),
                        Problem.UNSUPPORTED_IDENTIFIER, "2 of the order's identifiers cannot be issued; see the subproblems.",
                        List.of(email, uri)),
                argumentSet("fail/unsupported-and-rejected", List.of(new AcmeIdentifier("email", "ops@example.com"), dns("intranet")),
                        Problem.REJECTED_IDENTIFIER, "2 of the order's identifiers cannot be issued; see the subproblems.",
                        List.of(email, singleLabel)));
    }

    @ParameterizedTest
    @MethodSource("refusedTogether")
    void refusesSeveralWithOneSubproblemEach(List<AcmeIdentifier> requested, Problem problem, String detail, List<Subproblem> subproblems) {
        assertThatThrownBy(() -> IdentifierPolicy.check(requested))
                .isInstanceOfSatisfying(CaException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.subproblems()).containsExactlyElementsOf(subproblems);
                })
                .hasMessage(detail);
    }

    static Stream<Arguments> malformedLists() {
        List<AcmeIdentifier> tooMany = IntStream.rangeClosed(1, 101).mapToObj(i -> dns("h" + i + ".example.com")).toList();
        return Stream.of(
                argumentSet("fail/null-list", null, Problem.MALFORMED, "The order names no identifiers."),
                argumentSet("fail/empty-list", List.of(), Problem.MALFORMED, "The order names no identifiers."),
                argumentSet("fail/identifier-without-value", Arrays.asList(dns("www.example.com"), dns(null)), Problem.MALFORMED,
                        "Each identifier needs a type and a value."),
                argumentSet("fail/null-identifier", Arrays.asList((AcmeIdentifier) null), Problem.MALFORMED,
                        "Each identifier needs a type and a value."),
                argumentSet("fail/101-identifiers", tooMany, Problem.REJECTED_IDENTIFIER,
                        "The order names 101 identifiers; at most 100 are allowed."));
    }

    @ParameterizedTest
    @MethodSource("malformedLists")
    void refusesMalformedLists(List<AcmeIdentifier> requested, Problem problem, String detail) {
        assertThatThrownBy(() -> IdentifierPolicy.check(requested))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessage(detail);
    }

    @Test
    void hundredIdentifiersAreAllowedAndDuplicatesCollapseAfterNormalising() {
        List<AcmeIdentifier> hundred = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(i -> dns("h" + i + ".example.com")).toList());
        assertThat(IdentifierPolicy.check(hundred)).hasSize(100);

        assertThat(IdentifierPolicy.check(List.of(dns("WWW.example.com"), dns("www.example.com"), ip("::1"), ip("0:0::1"),
                dns("*.example.com"), dns("example.com"))))
                .containsExactly(new OrderIdentifier(dns("www.example.com"), false), new OrderIdentifier(ip("::1"), false),
                        new OrderIdentifier(dns("example.com"), true), new OrderIdentifier(dns("example.com"), false));
    }
}

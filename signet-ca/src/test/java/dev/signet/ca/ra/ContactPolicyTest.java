package dev.signet.ca.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContactPolicyTest {
    private static final String ONE_ADDRESS = "must name exactly one email address without header fields.";

    /** contacts, and the problem with its sentence, or null when accepted unchanged. */
    static Stream<Arguments> contacts() {
        return Stream.of(
                argumentSet("ok/none", List.of(), null, null),
                argumentSet("ok/mailto", List.of("mailto:admin@example.com"), null, null),
                argumentSet("ok/mailto-upper-case-scheme", List.of("MAILTO:Admin@Example.com"), null, null),
                argumentSet("ok/two", List.of("mailto:a@example.com", "mailto:b@example.org"), null, null),
                argumentSet("ok/ten", Collections.nCopies(10, "mailto:a@example.com"), null, null),
                argumentSet("fail/tel", List.of("tel:+15555550100"), Problem.UNSUPPORTED_CONTACT,
                        "The contact \"tel:+15555550100\" is not supported; use a mailto: URL."),
                argumentSet("fail/https", List.of("mailto:a@example.com", "https://example.com/contact"), Problem.UNSUPPORTED_CONTACT,
                        "The contact \"https://example.com/contact\" is not supported; use a mailto: URL."),
                argumentSet("fail/bare-address", List.of("admin@example.com"), Problem.UNSUPPORTED_CONTACT,
                        "The contact \"admin@example.com\" is not supported; use a mailto: URL."),
                argumentSet("fail/empty-mailto", List.of("mailto:"), Problem.INVALID_CONTACT, "The contact \"mailto:\" " + ONE_ADDRESS),
                argumentSet("fail/two-addresses", List.of("mailto:a@example.com,b@example.com"), Problem.INVALID_CONTACT,
                        "The contact \"mailto:a@example.com,b@example.com\" " + ONE_ADDRESS),
                argumentSet("fail/header-field", List.of("mailto:a@example.com?subject=hi"), Problem.INVALID_CONTACT,
                        "The contact \"mailto:a@example.com?subject=hi\" " + ONE_ADDRESS),
                argumentSet("fail/percent-encoded", List.of("mailto:a%40example.com"), Problem.INVALID_CONTACT,
                        "The contact \"mailto:a%40example.com\" " + ONE_ADDRESS),
                argumentSet("fail/no-at-sign", List.of("mailto:admin"), Problem.INVALID_CONTACT,
                        "The contact \"mailto:admin\" is not a valid email address."),
                argumentSet("fail/bad-domain", List.of("mailto:admin@bad..example.com"), Problem.INVALID_CONTACT,
                        "The contact \"mailto:admin@bad..example.com\" is not a valid email address."),
                argumentSet("fail/eleven", Collections.nCopies(11, "mailto:a@example.com"), Problem.INVALID_CONTACT,
                        "An account may list at most 10 contacts."));
    }

    @ParameterizedTest
    @MethodSource("contacts")
    void checksContacts(List<String> contacts, Problem problem, String detail) {
        if (problem == null) {
            assertThat(ContactPolicy.check(contacts)).isEqualTo(contacts);
            return;
        }
        assertThatThrownBy(() -> ContactPolicy.check(contacts))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessage(detail);
    }

    @Test
    void nullMeansNoContacts() {
        assertThat(ContactPolicy.check(null)).isEmpty();
    }
}

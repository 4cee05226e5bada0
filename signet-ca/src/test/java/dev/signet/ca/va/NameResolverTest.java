package dev.signet.ca.va;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameResolverTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1 | 1.0.0.127.in-addr.arpa",
        "192.0.2.10 | 10.2.0.192.in-addr.arpa",
        "2001:db8::567:89ab | b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
    })
    void reverseNamesFollowRfc8738(String ip, String reverse) throws Exception {
        assertThat(NameResolver.reverseName(InetAddress.getByName(ip))).isEqualTo(reverse);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "abc | abc",
        "abc def | abcdef",
        "'\"a b\" c' | a bc",
        "'\"\"' | ''",
        "'a\\\"b' | a\"b",
    })
    void txtCharacterStringsAreJoined(String jndi, String joined) {
        assertThat(NameResolver.joinCharacterStrings(jndi)).isEqualTo(joined == null ? "" : joined);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "[2001:db8::1], true", "example.test, false", "1.2.3, false"})
    void ipLiteralsNeedNoLookup(String host, boolean literal) {
        assertThat(NameResolver.isIpLiteral(host)).isEqualTo(literal);
    }
}

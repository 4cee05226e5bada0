package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RenewalRuleTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** A 30-hour certificate: two thirds is 20 h. */
    private static final Instant END = START.plus(Duration.ofHours(30));

    private static X509Certificate cert;

    @BeforeAll
    static void certificate() {
        cert = TestCerts.root(KeyType.EC_P256.generate(), "Renewal", START, END);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                argumentSet("default/two-thirds", RenewalRule.twoThirds(), START.plus(Duration.ofHours(20))),
                argumentSet("duration/8h", RenewalRule.parse("8h"), END.minus(Duration.ofHours(8))),
                argumentSet("duration/1h30m", RenewalRule.parse(" 1h30m "), END.minus(Duration.ofMinutes(90))),
                argumentSet("percent/33%", RenewalRule.parse("33%"), END.minus(Duration.ofMinutes(594))),
                argumentSet("percent/12.5%", RenewalRule.parse("12.5%"), END.minus(Duration.ofMinutes(225))),
                argumentSet("percent/100%", RenewalRule.parse("100%"), START));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void renewsAtTheRightInstant(RenewalRule rule, Instant renewAt) {
        assertThat(rule.renewAt(cert)).isEqualTo(renewAt);
        assertThat(rule.needsRenewal(cert, renewAt.minusMillis(1))).isFalse();
        assertThat(rule.needsRenewal(cert, renewAt)).isTrue();
        assertThat(rule.needsRenewal(cert, END.plusSeconds(1))).isTrue();
    }

    @Test
    void twoYearCertificateRenewsAfter487Days() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        X509Certificate twoYears = TestCerts.root(KeyType.EC_P256.generate(), "Two years", start, start.plus(Duration.ofDays(730)));
        assertThat(Duration.between(start, RenewalRule.twoThirds().renewAt(twoYears)).toDays()).isEqualTo(486);
        assertThat(RenewalRule.twoThirds().needsRenewal(twoYears, start.plus(Duration.ofDays(487)))).isTrue();
    }

    static Stream<Arguments> badValues() {
        String usage = " is not a duration; write it like 24h, 90m or 1h30m (units h, m, s, ms).";
        return Stream.of(
                argumentSet("fail/not-a-number%", "abc%", "\"abc%\" is not a percentage."),
                argumentSet("fail/bare-percent-sign", "%", "\"%\" is not a percentage."),
                argumentSet("fail/NaN%", "NaN%", "\"NaN%\" is not a percentage."),
                argumentSet("fail/java-double-suffix", "5d%", "\"5d%\" is not a percentage."),
                argumentSet("fail/zero%", "0%", "\"0%\" must be a percentage between 0 and 100."),
                argumentSet("fail/negative%", "-1%", "\"-1%\" must be a percentage between 0 and 100."),
                argumentSet("fail/over-100%", "100.5%", "\"100.5%\" must be a percentage between 0 and 100."),
                argumentSet("fail/days", "2d", "\"2d\"" + usage),
                argumentSet("fail/no-unit", "8", "\"8\"" + usage),
                argumentSet("fail/empty", "", "An empty string is not a duration; write it like 24h, 90m or 1h30m."));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void rejectsBadValues(String value, String message) {
        assertThatThrownBy(() -> RenewalRule.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}

package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GoDurationTest {

    @ParameterizedTest(name = "ok/{0}")
    @CsvSource({
        "24h,     PT24H",
        "17520h,  PT17520H",
        "1h30m,   PT1H30M",
        "90m,     PT1H30M",
        "5m,      PT5M",
        "10s,     PT10S",
        "500ms,   PT0.5S",
        "1.5h,    PT1H30M",
        "0,       PT0S",
        "1m30s,   PT1M30S",
        "250us,   PT0.00025S",
        "7ns,     PT0.000000007S",
    })
    void parses(String text, Duration expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> rejections() {
        String usage = " is not a duration; write it like 24h, 90m or 1h30m (units h, m, s, ms).";
        return Stream.of(
                argumentSet("fail/empty", "", "An empty string is not a duration; write it like 24h, 90m or 1h30m."),
                argumentSet("fail/blank", "  ", "An empty string is not a duration; write it like 24h, 90m or 1h30m."),
                argumentSet("fail/no-unit", "24", "\"24\"" + usage),
                argumentSet("fail/days", "1d", "\"1d\"" + usage),
                argumentSet("fail/negative", "-5m", "\"-5m\"" + usage),
                argumentSet("fail/unit-only", "h", "\"h\"" + usage),
                argumentSet("fail/space-inside", "5 m", "\"5 m\"" + usage),
                argumentSet("fail/trailing-garbage", "5mx", "\"5mx\"" + usage),
                argumentSet("fail/overflow", "3000000h", "\"3000000h\" is too long a duration."));
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void rejects(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "PT24H,            24h",
        "PT17520H,         17520h",
        "PT1H30M,          1h30m",
        "PT90S,            1m30s",
        "PT0.5S,           500ms",
        "PT0S,             0s",
        "PT1H0.5S,         1h500ms",
        "PT1.0000005S,     1s500ns",
        "PT0.0000015S,     1500ns",
    })
    void formatsCompactlyAndRoundTrips(Duration duration, String text) {
        assertThat(GoDuration.format(duration)).isEqualTo(text);
        assertThat(GoDuration.parse(GoDuration.format(duration))).isEqualTo(duration);
    }

    @org.junit.jupiter.api.Test
    void formatsNegativeDurationsWithSign() {
        assertThat(GoDuration.format(Duration.ofMinutes(-5))).isEqualTo("-5m");
    }
}

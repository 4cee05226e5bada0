package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DerTime} against BouncyCastle's {@code Time(Date)}, whose rule it writes out (RFC 5280 §4.1.2.5). Only dates
 * after 1582: {@code Time(Date)} formats earlier ones in the Julian calendar, {@link DerTime} in the proleptic Gregorian.
 */
class DerTimeTest {
    static Stream<Arguments> times() {
        return Stream.of(
                argumentSet("utc/now-ish", "2026-11-23T04:32:19Z", "170d3236313132333034333231395a"),
                argumentSet("utc/millis-truncated", "2026-11-23T04:32:19.999Z", "170d3236313132333034333231395a"),
                argumentSet("utc/first-second-of-1950", "1950-01-01T00:00:00Z", null),
                argumentSet("utc/last-second-of-2049", "2049-12-31T23:59:59.999Z", null),
                argumentSet("utc/before-the-epoch-with-millis", "1969-12-31T23:59:59.500Z", null),
                argumentSet("generalized/last-second-of-1949", "1949-12-31T23:59:59Z", null),
                argumentSet("generalized/first-second-of-2050", "2050-01-01T00:00:00Z", "180f32303530303130313030303030305a"),
                argumentSet("generalized/year-1600", "1600-03-01T12:00:00Z", null),
                argumentSet("generalized/last-second-of-9999", "9999-12-31T23:59:59Z", null));
    }

    @ParameterizedTest
    @MethodSource("times")
    void encodesAsBouncyCastlesTimeOfDate(String instant, String expectedHex) throws Exception {
        Instant t = Instant.parse(instant);
        byte[] reference = new Time(Date.from(t)).getEncoded(ASN1Encoding.DER);

        byte[] encoded = new DerTime().encode(t);

        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(HexFormat.of().formatHex(reference));
        if (expectedHex != null) assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(expectedHex);
        assertThat(new DerTime().length(t)).isEqualTo(encoded.length);
        assertThat(DerTime.time(t).getEncoded(ASN1Encoding.DER)).isEqualTo(reference);
        assertThat(DerTime.time(t).getDate()).isEqualTo(Date.from(Instant.ofEpochSecond(t.getEpochSecond())));
    }

    @Test
    void oneEncoderGivesEachTimeItsOwnDayWhenTheDaysAlternate() {
        DerTime times = new DerTime();
        Instant a = Instant.parse("2030-05-06T07:08:09Z");
        Instant b = Instant.parse("2061-02-03T04:05:06Z");
        for (int i = 0; i < 3; i++) {
            assertThat(times.encode(a)).isEqualTo(new DerTime().encode(a));
            assertThat(times.encode(b)).isEqualTo(new DerTime().encode(b));
        }
    }

    @Test
    void yearsPast9999AreRefused() {
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThatThrownBy(() -> DerTime.time(far)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The time " + far + " cannot be encoded as an X.509 time (years 0000 to 9999).");
    }
}

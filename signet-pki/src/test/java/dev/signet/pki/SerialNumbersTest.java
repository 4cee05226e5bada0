package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SerialNumbersTest {

    @Test
    void serialsArePositiveBetween128And159BitsAndFitTwentyOctets() {
        for (int i = 0; i < 1000; i++) {
            BigInteger serial = SerialNumbers.random();
            assertThat(serial.signum()).isEqualTo(1);
            assertThat(serial.bitLength()).isBetween(128, 159);
            // DER INTEGER content: two's complement, so 159 bits + sign bit = at most 20 octets (RFC 5280 §4.1.2.2)
            assertThat(serial.toByteArray()).hasSizeLessThanOrEqualTo(20);
        }
    }

    @Test
    void thousandDrawsAreDistinct() {
        Set<BigInteger> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) seen.add(SerialNumbers.random());
        assertThat(seen).hasSize(1000);
    }

    static Stream<Arguments> instants() {
        return Stream.of(
                Arguments.of("epoch", Instant.EPOCH),
                Arguments.of("now-ish", Instant.parse("2026-11-23T08:00:00Z")),
                Arguments.of("last second of the 36-bit field", Instant.ofEpochSecond((1L << 36) - 1)),
                Arguments.of("first second after it wraps", Instant.ofEpochSecond(1L << 36)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void timeOrderedSerialsHave159BitsAnd48DigitsAndCarryTheirSecond(String name, Instant at) {
        for (int i = 0; i < 200; i++) {
            BigInteger serial = SerialNumbers.timeOrdered(at);
            assertThat(serial.bitLength()).isEqualTo(159);
            assertThat(serial.toByteArray()).hasSize(20);
            assertThat(serial.toString()).hasSize(SerialNumbers.TIME_ORDERED_DIGITS);
            assertThat(serial.shiftRight(SerialNumbers.RANDOM_BITS).longValue())
                    .isEqualTo((1L << SerialNumbers.SECONDS_BITS) | (at.getEpochSecond() & ((1L << SerialNumbers.SECONDS_BITS) - 1)));
        }
    }

    @Test
    void timeOrderedSerialsUseAllTheirRandomBits() {
        BigInteger or = BigInteger.ZERO;
        BigInteger and = BigInteger.ONE.shiftLeft(SerialNumbers.RANDOM_BITS).subtract(BigInteger.ONE);
        Set<BigInteger> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            BigInteger random = SerialNumbers.timeOrdered(Instant.EPOCH).subtract(BigInteger.ONE.shiftLeft(158));
            or = or.or(random);
            and = and.and(random);
            seen.add(random);
        }
        assertThat(seen).hasSize(1000);
        assertThat(or.bitCount()).as("every random bit was set at least once").isEqualTo(SerialNumbers.RANDOM_BITS);
        assertThat(and.signum()).as("no random bit was set every time").isZero();
    }

    @Test
    void timeOrderedSerialsSortAsTextInTheOrderOfTheirSeconds() {
        List<String> drawn = new ArrayList<>();
        for (long s = 1_700_000_000L; s < 1_700_000_000L + 50; s++) {
            drawn.add(SerialNumbers.timeOrdered(Instant.ofEpochSecond(s)).toString());
        }
        assertThat(drawn).isSorted();
    }
}

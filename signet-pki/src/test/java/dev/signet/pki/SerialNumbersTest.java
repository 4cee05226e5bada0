package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
}

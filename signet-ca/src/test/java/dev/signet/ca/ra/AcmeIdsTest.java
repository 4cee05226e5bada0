package dev.signet.ca.ra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AcmeIdsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void anIdIsTheSecondInHexThen128RandomBitsInBase64url() {
        String id = AcmeIds.newId(NOW);
        assertThat(id).hasSize(AcmeIds.ID_LENGTH).matches("[0-9a-f]{8}[A-Za-z0-9_-]{22}");
        assertThat(Long.parseLong(id.substring(0, 8), 16)).isEqualTo(NOW.getEpochSecond());
        assertThat(Base64.getUrlDecoder().decode(id.substring(8))).hasSize(16);
    }

    @Test
    void idsOfOneSecondAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) seen.add(AcmeIds.newId(NOW));
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void idsOfLaterSecondsSortAfterEarlierOnes() {
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < 300; s++) ids.add(AcmeIds.newId(NOW.plusSeconds(s)));
        assertThat(ids).isSorted();
    }

    @Test
    void theHexWrapsAfter2106WithoutChangingTheLength() {
        Instant past = Instant.ofEpochSecond(1L << 32);
        assertThat(AcmeIds.newId(past)).hasSize(AcmeIds.ID_LENGTH).startsWith("00000000");
    }

    @Test
    void tokensAre256RandomBits() {
        String token = AcmeIds.newToken();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(token).isNotEqualTo(AcmeIds.newToken());
    }
}

package dev.signet.ca.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.config.ConfigException;
import dev.signet.ca.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit file's rotation: by day (from the injected clock), by size, with a bounded history. */
class AuditFileTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir Path dir;

    @Test
    void rolledFilesAreNamedAfterTheFile() {
        assertThat(AuditFile.rolledPattern(Path.of("/l/audit.log"))).isEqualTo("/l/audit.%d{yyyy-MM-dd,UTC}.%i.log");
        assertThat(AuditFile.rolledPattern(Path.of("/l/audit"))).isEqualTo("/l/audit.%d{yyyy-MM-dd,UTC}.%i");
    }

    @Test
    void aNewDayRollsTheFileOverAndNothingIsLost() throws IOException {
        MutableClock clock = new MutableClock(T0);
        LocalDate first = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Path file = dir.resolve("logs/audit.log");
        try (AuditFile audit = new AuditFile(file, 30, "100MB", clock)) {
            audit.append("{\"n\":1}");
            audit.append("{\"n\":2}");
            clock.advance(Duration.ofDays(1));
            audit.append("{\"n\":3}");
        }
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":3}");
        assertThat(Files.readAllLines(dir.resolve("logs/audit." + first + ".0.log"))).containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void aFullFileRollsOverWithinTheDay() throws Exception {
        MutableClock clock = new MutableClock(T0);
        Path file = dir.resolve("audit.log");
        List<String> written = new ArrayList<>();
        try (AuditFile audit = new AuditFile(file, 30, "1KB", clock)) {
            for (int i = 0; i < 40; i++) {
                String line = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(60) + "\"}";
                written.add(line);
                audit.append(line);
            }
        }
        List<String> all = new ArrayList<>();
        for (Path p : rolled()) all.addAll(Files.readAllLines(p));
        all.addAll(Files.readAllLines(file));
        assertThat(rolled()).as("the 3 KB written roll over at 1 KB").hasSizeGreaterThanOrEqualTo(2);
        assertThat(all).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void rolledFilesOlderThanTheHistoryAreDeleted() throws IOException {
        LocalDate today = LocalDate.ofInstant(T0, ZoneOffset.UTC);
        for (int daysAgo = 1; daysAgo <= 6; daysAgo++) {
            Files.write(dir.resolve("audit." + today.minusDays(daysAgo) + ".0.log"), new byte[0]);
        }
        MutableClock clock = new MutableClock(T0);
        try (AuditFile audit = new AuditFile(dir.resolve("audit.log"), 3, "100MB", clock)) {
            audit.append("{\"day\":0}");
            clock.advance(Duration.ofDays(1));
            audit.append("{\"day\":1}"); // rolls today over; the clean-up that follows is waited for by close
        }
        TreeSet<String> names = new TreeSet<>();
        for (Path p : rolled()) names.add(p.getFileName().toString());
        assertThat(names).as("the three newest days kept, the older ones deleted")
                .containsExactly("audit." + today.minusDays(2) + ".0.log", "audit." + today.minusDays(1) + ".0.log",
                        "audit." + today + ".0.log");
    }

    @Test
    void aFileThatCannotBeOpenedIsAConfigError() throws IOException {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        assertThatThrownBy(() -> new AuditFile(blocker.resolve("audit.log"), 30, "100MB", new MutableClock(T0)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The audit file " + blocker.resolve("audit.log") + " cannot be opened for appending: ");
    }

    private List<Path> rolled() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("audit\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log")).sorted().toList();
        }
    }

}

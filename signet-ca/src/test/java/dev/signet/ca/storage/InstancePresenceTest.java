package dev.signet.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.testing.MutableClock;
import dev.signet.ca.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whether an instance is alone on its database, over real SQLite and PostgreSQL databases. Two presences on one
 * storage stand for two instances; the tests beat by hand and move the clock.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class InstancePresenceTest {
    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private JdbcStorage storage;
    private InstancePresence a;
    private InstancePresence b;

    @BeforeEach
    void open() {
        storage = TestDatabase.create(kind, dir).open();
        a = new InstancePresence(storage, clock);
        b = new InstancePresence(storage, clock);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        storage.close();
    }

    @Test
    void anInstanceIsNotAloneUntilItsFirstBeatFindsNoOther() {
        assertThat(a.alone()).isFalse();
        a.beat();
        assertThat(a.alone()).isTrue();
    }

    @Test
    void aNewInstanceSeesTheFirstAtOnceAndTheFirstSeesItAtItsNextBeat() {
        a.beat();
        b.beat();
        assertThat(b.alone()).isFalse();
        assertThat(a.alone()).as("before its next beat").isTrue();
        a.beat();
        assertThat(a.alone()).isFalse();
    }

    @Test
    void anInstanceThatStopsIsCountedOutAtTheNextBeat() {
        a.beat();
        b.beat();
        a.beat();
        b.close();
        a.beat();
        assertThat(a.alone()).isTrue();
        b.beat();
        a.beat();
        assertThat(a.alone()).as("a closed presence beats no more").isTrue();
    }

    @Test
    void anInstanceThatFallsSilentIsCountedOutAfterStaleAfter() {
        a.beat();
        b.beat();
        clock.advance(InstancePresence.STALE_AFTER);
        a.beat();
        assertThat(a.alone()).as("last seen exactly STALE_AFTER ago").isFalse();
        clock.advance(java.time.Duration.ofMillis(1));
        a.beat();
        assertThat(a.alone()).isTrue();
        b.beat();
        assertThat(b.alone()).as("the silent one comes back and finds the other").isFalse();
        a.beat();
        assertThat(a.alone()).isFalse();
    }

    @Test
    void startedItBeatsOnItsOwnThread() throws Exception {
        a.start();
        assertThat(a.alone()).as("the first beat runs in start").isTrue();
        b.beat();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (a.alone() && System.nanoTime() < deadline) Thread.sleep(20); // a poll: the next beat is due within a second
        assertThat(a.alone()).as("a scheduled beat found the other").isFalse();
        a.close();
        b.beat();
        assertThat(b.alone()).as("closing withdrew the row").isTrue();
    }

    @Test
    void aBeatThatFailsCountsAsNotAlone() {
        a.beat();
        assertThat(a.alone()).isTrue();
        storage.close();
        a.beat();
        assertThat(a.alone()).isFalse();
    }

    @Test
    void instancesHaveDistinctIds() {
        assertThat(a.id()).isNotEqualTo(b.id()).hasSize(16);
    }
}

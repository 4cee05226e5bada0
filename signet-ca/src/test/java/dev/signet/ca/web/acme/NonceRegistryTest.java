package dev.signet.ca.web.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.storage.JdbcStorage;
import dev.signet.ca.testing.MutableClock;
import dev.signet.ca.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where nonces live: in the process while the instance is alone on its database, in the database otherwise; each kind
 * accepted once whatever the mode. Two registries on one SQLite database stand for two instances.
 */
class NonceRegistryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final AtomicBoolean aloneA = new AtomicBoolean();
    private final AtomicBoolean aloneB = new AtomicBoolean();

    @TempDir
    Path dir;

    private JdbcStorage storage;
    private NonceRegistry a;
    private NonceRegistry b;

    @BeforeEach
    void open() {
        storage = TestDatabase.create(TestDatabase.Kind.SQLITE, dir).open();
        a = registry(aloneA);
        b = registry(aloneB);
    }

    private NonceRegistry registry(AtomicBoolean alone) {
        return new NonceRegistry(new ProcessNonces(clock, StoredNonces.LIFETIME, 1024), new StoredNonces(storage, clock), alone::get);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    /** How many nonces the database holds (purging them all: call last). */
    private int storedNonces() {
        return storage.purgeExpiredNonces(clock.instant().plus(StoredNonces.LIFETIME).plusSeconds(1));
    }

    @Test
    void aloneANonceStaysInTheProcessAndOnlyItsIssuerAcceptsIt() {
        aloneA.set(true);
        String nonce = a.next();
        assertThat(nonce).hasSize(ProcessNonces.LENGTH);
        assertThat(b.consume(nonce)).as("another instance").isFalse();
        assertThat(a.consume(nonce)).isTrue();
        assertThat(a.consume(nonce)).as("replayed").isFalse();
        assertThat(storedNonces()).isZero();
    }

    @Test
    void notAloneANonceIsStoredAndAnyInstanceAcceptsItOnce() {
        String nonce = a.next();
        assertThat(nonce).hasSize(22);
        assertThat(b.consume(nonce)).isTrue();
        assertThat(a.consume(nonce)).as("replayed on its issuer").isFalse();
        assertThat(b.consume(nonce)).as("replayed").isFalse();
    }

    @Test
    void aStoredNonceIsOneRowUntilUsed() {
        a.next();
        a.next();
        assertThat(storedNonces()).isEqualTo(2);
    }

    @Test
    void eachKindIsStillAcceptedAfterTheModeChanged() {
        aloneA.set(true);
        String held = a.next();
        aloneA.set(false);
        String stored = a.next();
        aloneA.set(true);
        assertThat(a.consume(stored)).isTrue();
        aloneA.set(false);
        assertThat(a.consume(held)).isTrue();
        assertThat(a.consume(held)).isFalse();
        assertThat(a.consume(stored)).isFalse();
    }

    @Test
    void storedNoncesExpireToo() {
        String nonce = a.next();
        clock.advance(StoredNonces.LIFETIME);
        assertThat(b.consume(nonce)).isFalse();
        aloneA.set(true);
        String held = a.next();
        clock.advance(Duration.ofHours(2));
        assertThat(a.consume(held)).isFalse();
    }

    @Test
    void nothingElseIsAccepted() {
        assertThat(a.consume(null)).isFalse();
        assertThat(a.consume("")).isFalse();
        assertThat(a.consume("AAAAAAAAAAAAAAAAAAAAAA")).as("22 characters never issued").isFalse();
        assertThat(a.consume("AAAAAAAAAAAAAAAAAAAAAAAA")).as("24 characters never issued").isFalse();
    }
}

package dev.signet.ca.web.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Nonces held by this process alone (RFC 8555 §6.5): each accepted once, and nothing else accepted. */
class ProcessNoncesTest {
    private static final Duration LIFETIME = Duration.ofHours(1);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final ProcessNonces nonces = new ProcessNonces(clock, LIFETIME, 64);

    @Test
    void aFreshNonceIsAcceptedExactlyOnce() {
        String nonce = nonces.next();
        assertThat(nonce).hasSize(ProcessNonces.LENGTH).matches("[A-Za-z0-9_-]+");
        assertThat(nonces.consume(nonce)).isTrue();
        assertThat(nonces.consume(nonce)).as("replayed").isFalse();
    }

    @Test
    void noncesAreDistinctAndAreUsableInAnyOrder() {
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 40; i++) issued.add(nonces.next());
        assertThat(new HashSet<>(issued)).hasSize(40);
        for (int i = issued.size() - 1; i >= 0; i--) assertThat(nonces.consume(issued.get(i))).as("nonce %d", i).isTrue();
    }

    /** What is refused, each made from a good nonce of this process. */
    static Stream<Arguments> refused() {
        Function<String, String> flipLastByte = n -> {
            byte[] b = Base64.getUrlDecoder().decode(n);
            b[b.length - 1] ^= 1;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        };
        Function<String, String> flipTag = n -> {
            byte[] b = Base64.getUrlDecoder().decode(n);
            b[0] ^= 1;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        };
        return Stream.of(
                argumentSet("fail/null", (Function<String, String>) n -> null),
                argumentSet("fail/empty", (Function<String, String>) n -> ""),
                argumentSet("fail/shorter", (Function<String, String>) n -> n.substring(1)),
                argumentSet("fail/longer", (Function<String, String>) n -> n + "A"),
                argumentSet("fail/not-base64url", (Function<String, String>) n -> n.substring(0, 23) + "+"),
                argumentSet("fail/block-tampered", flipLastByte),
                argumentSet("fail/tag-tampered", flipTag),
                argumentSet("fail/same-tag-other-block", (Function<String, String>) n -> {
                    byte[] b = Base64.getUrlDecoder().decode(n);
                    byte[] block = new byte[16];
                    new java.util.Random(7).nextBytes(block);
                    System.arraycopy(block, 0, b, 2, 16);
                    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                }),
                argumentSet("fail/other-process", (Function<String, String>) n -> new ProcessNonces(Clock.systemUTC(), LIFETIME, 64).next()),
                argumentSet("fail/zeros", (Function<String, String>) n -> "A".repeat(ProcessNonces.LENGTH)));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refuses(Function<String, String> forge) {
        String good = nonces.next();
        assertThat(nonces.consume(forge.apply(good))).isFalse();
        assertThat(nonces.consume(good)).as("the good nonce was not used up by the refusal").isTrue();
    }

    @Test
    void aNonceExpiresAfterItsLifetime() {
        String early = nonces.next();
        String late = nonces.next();
        clock.advance(LIFETIME.minusSeconds(1));
        assertThat(nonces.consume(early)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(nonces.consume(late)).isFalse();
    }

    @Test
    void aNonceOvertakenByAWholeWindowIsRefused() {
        String oldest = nonces.next();
        String second = nonces.next();
        for (int i = 0; i < 63; i++) nonces.next();
        assertThat(nonces.consume(oldest)).as("64 later nonces issued").isFalse();
        assertThat(nonces.consume(second)).as("the 64th latest").isTrue();
    }

    @Test
    void aUsedNonceStaysRefusedWhileTheWindowMovesPastIt() {
        String used = nonces.next();
        assertThat(nonces.consume(used)).isTrue();
        for (int i = 0; i < 63; i++) {
            nonces.next();
            assertThat(nonces.consume(used)).as("after %d more", i + 1).isFalse();
        }
        nonces.next(); // its slot is cleared for this one
        assertThat(nonces.consume(used)).as("out of the window").isFalse();
    }

    @Test
    void concurrentIssuersAndUsersOverASmallWindowAcceptEachNonceAtMostOnce() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> accepted = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.CopyOnWriteArrayList<String> recent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        String mine = nonces.next();
                        // every hundredth nonce is left to all threads at once; the others are used and replayed here
                        List<String> tries = List.of(mine, mine);
                        if (i % 100 == 0) {
                            recent.add(mine);
                            tries = List.of();
                        }
                        String other = recent.get(random.nextInt(recent.size()));
                        for (String n : java.util.stream.Stream.concat(tries.stream(), Stream.of(other)).toList()) {
                            if (nonces.consume(n)) accepted.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(accepted.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        assertThat(accepted).as("nonces accepted").hasSizeGreaterThan(threads * perThread / 2);
    }

    @Test
    void theMarksOfEarlierLapsDoNotRefuseNewNonces() {
        for (int i = 0; i < 64 * 5; i++) assertThat(nonces.consume(nonces.next())).as("nonce %d", i).isTrue();
    }

    @Test
    void concurrentUsesOfOneNonceSucceedOnce() throws Exception {
        int threads = 8;
        int rounds = 2_000;
        ProcessNonces big = new ProcessNonces(clock, LIFETIME, ProcessNonces.DEFAULT_WINDOW);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < rounds; r += 100) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) batch.add(big.next());
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger accepted = new AtomicInteger();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        for (String n : batch) if (big.consume(n)) accepted.incrementAndGet();
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) f.get();
                assertThat(accepted).as("round %d", r).hasValue(batch.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void consecutiveNoncesShareOnlyTheirTag() {
        Set<String> blocks = new HashSet<>();
        byte[] first = Base64.getUrlDecoder().decode(nonces.next());
        for (int i = 0; i < 20; i++) {
            byte[] b = Base64.getUrlDecoder().decode(nonces.next());
            assertThat(new byte[] {b[0], b[1]}).isEqualTo(new byte[] {first[0], first[1]});
            int same = 0;
            for (int k = 2; k < b.length; k++) if (b[k] == first[k]) same++;
            assertThat(same).as("bytes of the encrypted block equal to the first nonce's").isLessThan(6);
            blocks.add(Base64.getEncoder().encodeToString(b));
        }
        assertThat(blocks).hasSize(20);
    }
}

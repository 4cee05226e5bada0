package dev.signet.ca.va;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.error.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ValidationAuthorityTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void dispatchesByChallengeType() throws Exception {
        ChallengeValidator byName = r -> ValidationResult.failure(Problem.UNAUTHORIZED, r.challengeType() + " ran.");
        try (ValidationAuthority va = new ValidationAuthority(
                Map.of("http-01", byName, "tls-alpn-01", byName, "dns-01", byName), metrics)) {
            for (String type : List.of("http-01", "tls-alpn-01", "dns-01")) {
                assertThat(result(va, request(type, "dns")).detail()).isEqualTo(type + " ran.");
            }
        }
    }

    @Test
    void theRealValidatorsAreWiredToTheirTypes() throws Exception {
        try (ValidationAuthority va = new ValidationAuthority(ValidationSettings.defaults(), metrics)) {
            assertThat(result(va, request("dns-01", "ip")).detail())
                    .isEqualTo("dns-01 cannot validate an IP address; use http-01 or tls-alpn-01 for 127.0.0.1.");
        }
    }

    @Test
    void unsupportedRequestsAreFailuresNotExceptions() throws Exception {
        try (ValidationAuthority va = new ValidationAuthority(ValidationSettings.defaults(), metrics)) {
            assertThat(result(va, request("email-reply-00", "dns"))).isEqualTo(ValidationResult.failure(
                    Problem.MALFORMED, "The challenge type \"email-reply-00\" is not supported; use http-01, "
                            + "tls-alpn-01 or dns-01."));
            assertThat(result(va, request("http-01", "email"))).isEqualTo(ValidationResult.failure(
                    Problem.MALFORMED, "The identifier type \"email\" cannot be validated; use dns or ip."));
            assertThat(va.validate(null).get(5, TimeUnit.SECONDS).problem()).isEqualTo(Problem.MALFORMED);
        }
        assertThat(metrics.get(ValidationAuthority.COUNTER).tag("type", "unknown").tag("result", "invalid")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void runsOnItsOwnDaemonThreads() throws Exception {
        List<Thread> threads = new ArrayList<>();
        ChallengeValidator recording = r -> {
            synchronized (threads) {
                threads.add(Thread.currentThread());
            }
            return ValidationResult.success();
        };
        try (ValidationAuthority va = new ValidationAuthority(Map.of("http-01", recording), metrics)) {
            assertThat(result(va, request("http-01", "dns")).valid()).isTrue();
        }
        assertThat(threads).singleElement().satisfies(t -> {
            assertThat(t).isNotSameAs(Thread.currentThread());
            assertThat(t.getName()).startsWith("signet-va-");
            assertThat(t.isDaemon()).isTrue();
        });
    }

    @Test
    void anUnexpectedExceptionBecomesAServerInternalFailure() throws Exception {
        ChallengeValidator broken = r -> {
            throw new IllegalStateException("a bug");
        };
        try (ValidationAuthority va = new ValidationAuthority(Map.of("dns-01", broken), metrics)) {
            CompletableFuture<ValidationResult> future = va.validate(request("dns-01", "dns"));

            assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(ValidationResult.failure(
                    Problem.SERVER_INTERNAL, "The validation failed because of an internal error."));
            assertThat(future).isCompleted().isNotCompletedExceptionally();
        }
    }

    @Test
    void countsAndTimesValidationsByTypeAndResult() throws Exception {
        ChallengeValidator validIfIp = r -> r.isIp() ? ValidationResult.success()
                : ValidationResult.failure(Problem.INCORRECT_RESPONSE, "Not an IP.");
        try (ValidationAuthority va = new ValidationAuthority(Map.of("http-01", validIfIp), metrics)) {
            result(va, request("http-01", "ip"));
            result(va, request("http-01", "ip"));
            result(va, request("http-01", "dns"));
        }
        assertThat(metrics.get(ValidationAuthority.COUNTER).tags("type", "http-01", "result", "valid").counter()
                .count()).isEqualTo(2);
        assertThat(metrics.get(ValidationAuthority.COUNTER).tags("type", "http-01", "result", "invalid").counter()
                .count()).isEqualTo(1);
        assertThat(metrics.get(ValidationAuthority.TIMER).tag("type", "http-01").timer().count()).isEqualTo(3);
    }

    @Test
    void closingFailsWaitingValidationsAndRefusesNewOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(ValidationAuthority.THREADS);
        CountDownLatch release = new CountDownLatch(1);
        ValidationAuthority va = new ValidationAuthority(Map.of("http-01", blocking(started, release)), metrics);
        List<CompletableFuture<ValidationResult>> running = new ArrayList<>();
        for (int i = 0; i < ValidationAuthority.THREADS; i++) running.add(va.validate(request("http-01", "dns")));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ValidationResult> waiting = va.validate(request("http-01", "dns"));

        va.close();
        release.countDown();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(ValidationResult.failure(Problem.UNAVAILABLE,
                "The validation authority shut down before this validation started."));
        assertThat(va.validate(request("http-01", "dns")).get(5, TimeUnit.SECONDS).detail())
                .isEqualTo("The validation authority is shut down.");
        for (CompletableFuture<ValidationResult> f : running) assertThat(f.get(5, TimeUnit.SECONDS).valid()).isTrue();
    }

    @Test
    void aFullQueueAnswersRateLimitedNotAVerdict() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ValidationAuthority va = new ValidationAuthority(Map.of("http-01", blocking(new CountDownLatch(0), release)), metrics);
        try {
            for (int i = 0; i < ValidationAuthority.THREADS + ValidationAuthority.QUEUE; i++) va.validate(request("http-01", "dns"));

            ValidationResult refused = va.validate(request("http-01", "dns")).getNow(null);

            assertThat(refused).isEqualTo(ValidationResult.failure(Problem.RATE_LIMITED,
                    "The validation authority has " + ValidationAuthority.QUEUE + " validations waiting; try again later."));
        } finally {
            release.countDown();
            va.close();
        }
    }

    /** A validator that counts down {@code started}, then succeeds once {@code release} opens. */
    private static ChallengeValidator blocking(CountDownLatch started, CountDownLatch release) {
        return r -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ValidationResult.success();
        };
    }

    private static ValidationResult result(ValidationAuthority va, ValidationRequest request) throws Exception {
        return va.validate(request).get(5, TimeUnit.SECONDS);
    }

    private static ValidationRequest request(String challengeType, String identifierType) {
        return new ValidationRequest(challengeType, identifierType, identifierType.equals("ip") ? "127.0.0.1"
                : "example.test", "token", "token.thumbprint");
    }
}

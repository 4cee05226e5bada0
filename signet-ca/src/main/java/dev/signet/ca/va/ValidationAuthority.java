package dev.signet.ca.va;

import dev.signet.ca.error.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks ACME challenges (RFC 8555 §8) on a pool of its own: http-01 (§8.3, {@link Http01Validator}), dns-01 (§8.4,
 * {@link Dns01Validator}) and tls-alpn-01 (RFC 8737, {@link TlsAlpn01Validator}), for DNS and IP (RFC 8738)
 * identifiers.
 *
 * <p>Concurrency contract: thread-safe. {@link #validate} returns at once; the check runs on one of at most
 * {@value #THREADS} daemon threads named {@code signet-va-N}, with up to {@value #QUEUE} more waiting. The returned
 * future always completes normally: a failed challenge, an unsupported request, a full queue, a closed authority and
 * an unexpected exception (logged) are all {@link ValidationResult#failure failures}. Each validation takes at most
 * about the configured timeout.
 *
 * <p>Metrics: the counter {@value #COUNTER} tagged {@code type} (the challenge type, or {@code unknown}) and
 * {@code result} ({@code valid} or {@code invalid}), and the timer {@value #TIMER} tagged {@code type}.
 */
public final class ValidationAuthority implements AutoCloseable {
    /** The most validations running at once. */
    public static final int THREADS = 16;
    /** The most validations waiting for a thread. */
    public static final int QUEUE = 1000;
    public static final String COUNTER = "signet.acme.validations";
    public static final String TIMER = "signet.acme.validation.duration";
    private static final String UNKNOWN = "unknown";
    private static final Logger LOG = LoggerFactory.getLogger(ValidationAuthority.class);

    private final Map<String, ChallengeValidator> validators;
    private final MeterRegistry metrics;
    private final ThreadPoolExecutor executor;

    public ValidationAuthority(ValidationSettings settings, MeterRegistry metrics) {
        this(validators(settings), metrics);
    }

    /** With the given validator per challenge type (tests substitute their own). */
    ValidationAuthority(Map<String, ChallengeValidator> validators, MeterRegistry metrics) {
        this.validators = Map.copyOf(validators);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "signet-va-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE), threads);
        executor.allowCoreThreadTimeOut(true);
    }

    private static Map<String, ChallengeValidator> validators(ValidationSettings settings) {
        NameResolver resolver = new NameResolver(settings.dnsResolvers(), settings.timeout());
        return Map.of(
                "http-01", new Http01Validator(settings, resolver),
                "tls-alpn-01", new TlsAlpn01Validator(settings, resolver),
                "dns-01", new Dns01Validator(settings, resolver));
    }

    /** Checks the challenge off the caller's thread; the future never completes exceptionally. */
    public CompletableFuture<ValidationResult> validate(ValidationRequest request) {
        if (request == null) {
            return CompletableFuture.completedFuture(ValidationResult.failure(Problem.MALFORMED,
                    "There is no validation request."));
        }
        Task task = new Task(request);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // both are "not now" rather than a verdict: the caller may keep the challenge for a later attempt
            task.result.complete(executor.isShutdown()
                    ? ValidationResult.failure(Problem.UNAVAILABLE, "The validation authority is shut down.")
                    : ValidationResult.failure(Problem.RATE_LIMITED, "The validation authority has " + QUEUE
                            + " validations waiting; try again later."));
        }
        return task.result;
    }

    /**
     * Stops taking validations. Waiting ones complete at once, and running ones that fail after the interruption
     * complete, as {@code UNAVAILABLE}: no verdict, to be validated again by the next start. Does not wait.
     */
    @Override
    public void close() {
        List<Runnable> waiting = executor.shutdownNow();
        for (Runnable r : waiting) {
            ((Task) r).result.complete(ValidationResult.failure(Problem.UNAVAILABLE,
                    "The validation authority shut down before this validation started."));
        }
    }

    private ValidationResult run(ValidationRequest request) {
        ChallengeValidator validator = validators.get(request.challengeType());
        String type = validator != null ? request.challengeType() : UNKNOWN;
        Timer.Sample sample = Timer.start(metrics);
        ValidationResult result;
        try {
            result = dispatch(validator, request);
        } catch (RuntimeException e) {
            LOG.error("The {} validation of {} {} failed unexpectedly.", request.challengeType(),
                    request.identifierType(), request.identifierValue(), e);
            result = ValidationResult.failure(Problem.SERVER_INTERNAL,
                    "The validation failed because of an internal error.");
        }
        sample.stop(Timer.builder(TIMER).tag("type", type).register(metrics));
        Counter.builder(COUNTER).tag("type", type).tag("result", result.valid() ? "valid" : "invalid")
                .register(metrics).increment();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} {}: {}", request.challengeType(), request.identifierType(), request.identifierValue(),
                    result.valid() ? "valid" : result.problem() + " " + result.detail());
        }
        return result;
    }

    private static ValidationResult dispatch(ChallengeValidator validator, ValidationRequest request) {
        if (validator == null) {
            return ValidationResult.failure(Problem.MALFORMED, "The challenge type " + Texts.quote(
                    request.challengeType()) + " is not supported; use http-01, tls-alpn-01 or dns-01.");
        }
        if (!request.identifierType().equals("dns") && !request.identifierType().equals("ip")) {
            return ValidationResult.failure(Problem.MALFORMED, "The identifier type " + Texts.quote(
                    request.identifierType()) + " cannot be validated; use dns or ip.");
        }
        ValidationResult result = validator.validate(request);
        if (result == null) throw new IllegalStateException("The " + request.challengeType() + " validator gave no result.");
        return result;
    }

    /** One validation and the future it completes, so that close() can complete the ones that never ran. */
    private final class Task implements Runnable {
        final ValidationRequest request;
        final CompletableFuture<ValidationResult> result = new CompletableFuture<>();

        Task(ValidationRequest request) {
            this.request = request;
        }

        @Override
        public void run() {
            try {
                ValidationResult r = ValidationAuthority.this.run(request);
                if (!r.valid() && executor.isShutdown()) {
                    // interrupted by close(): no verdict, so that the next start can validate it again
                    r = ValidationResult.failure(Problem.UNAVAILABLE, "The validation authority shut down during this validation.");
                }
                result.complete(r);
            } catch (Throwable t) {
                // an Error (or a throwing meter registry): the future must still complete
                result.complete(ValidationResult.failure(Problem.SERVER_INTERNAL,
                        "The validation failed because of an internal error."));
                throw t;
            }
        }
    }
}

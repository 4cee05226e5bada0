package dev.signet.ca.ra;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.error.ProblemDetail;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeAuthorization;
import dev.signet.ca.storage.AcmeChallenge;
import dev.signet.ca.storage.Storage;
import dev.signet.ca.va.ValidationAuthority;
import dev.signet.ca.va.ValidationRequest;
import dev.signet.ca.va.ValidationResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACME authorizations and challenges (RFC 8555 §7.1.4, §7.5): creation with the challenge types each identifier
 * allows, expiry, deactivation, and the client's "ready" response, which moves a challenge to processing and hands it
 * to the validation authority. The validation's outcome is stored when it arrives, off the request thread.
 *
 * <p>Challenge types: {@code http-01} and {@code tls-alpn-01} for DNS names and IP addresses (RFC 8738 §7), and
 * {@code dns-01} for DNS names; a wildcard is validated by {@code dns-01} only (§7.1.3).
 *
 * <p>Thread-safe: the move to processing is a compare-and-set, so a challenge is validated once however many
 * responses arrive. The instance that moves it holds the validation until a deadline (the lease); when it stops before
 * storing a verdict, the next instance that reads the authorization after the deadline (a client polling, or
 * {@link #resumeValidations}) takes the validation over and runs it again.
 */
public final class AuthorizationRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationRegistry.class);
    private static final java.time.Duration BUSY_RETRY = java.time.Duration.ofSeconds(10);

    private final Storage storage;
    private final ValidationAuthority va;
    private final java.time.Duration lease;
    private final java.time.Duration answerWait;
    private final Clock clock;

    /** A registry whose challenge responses answer at once, without waiting for the validation they start. */
    public AuthorizationRegistry(Storage storage, ValidationAuthority va, java.time.Duration lease, Clock clock) {
        this(storage, va, lease, java.time.Duration.ZERO, clock);
    }

    /**
     * @param lease how long a validation holds its challenge before another instance may run it again; longer than
     *     the VA's timeout for one validation
     * @param answerWait how long a challenge response waits for the validation it starts, so that the answer (and the
     *     client's first poll) usually carries the verdict instead of {@code processing} and a {@code Retry-After}
     */
    public AuthorizationRegistry(Storage storage, ValidationAuthority va, java.time.Duration lease, java.time.Duration answerWait,
            Clock clock) {
        this.storage = storage;
        this.va = va;
        this.lease = lease;
        this.answerWait = answerWait;
        this.clock = clock;
    }

    /** A new pending authorization (not yet stored) with one pending challenge per allowed type. */
    AcmeAuthorization newAuthorization(AcmeAccount account, String orderId, OrderIdentifier id, Instant expires) {
        Instant now = clock.instant();
        String authzId = AcmeIds.newId(now);
        List<String> types = id.wildcard() ? List.of("dns-01")
                : id.identifier().type().equals("ip") ? List.of("http-01", "tls-alpn-01")
                : List.of("http-01", "tls-alpn-01", "dns-01");
        List<AcmeChallenge> challenges = new ArrayList<>();
        for (String t : types) {
            challenges.add(new AcmeChallenge(AcmeIds.newId(now), authzId, t, AcmeIds.newToken(), AcmeChallenge.Status.PENDING, null, null));
        }
        return new AcmeAuthorization(authzId, account.id(), orderId, id.identifier(), id.wildcard(),
                AcmeAuthorization.Status.PENDING, expires, challenges);
    }

    /**
     * Finds an authorization the account owns, with its expiry applied.
     *
     * @throws CaException {@code notFound} or {@code unauthorized} (another account's)
     */
    public AcmeAuthorization find(AcmeAccount account, String authzId) {
        AcmeAuthorization a = storage.findAuthorization(authzId)
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "The authorization " + authzId + " does not exist."));
        if (!a.accountId().equals(account.id())) {
            throw new CaException(Problem.UNAUTHORIZED, "The authorization " + authzId + " belongs to another account.");
        }
        a = refresh(a);
        return resumeIfLapsed(a, account.keyThumbprint()) ? storage.findAuthorization(a.id()).orElseThrow() : a;
    }

    /** Takes over and runs again the processing challenges of {@code a} whose validation lease lapsed. */
    private boolean resumeIfLapsed(AcmeAuthorization a, String thumbprint) {
        boolean resumed = false;
        for (AcmeChallenge c : a.challenges()) {
            if (c.status() != AcmeChallenge.Status.PROCESSING) continue;
            Instant now = clock.instant();
            if (storage.takeOverValidation(c.id(), now, now.plus(lease))) {
                LOG.warn("Taking over the validation of challenge {}: the instance that started it did not finish within {}", c.id(), lease);
                validate(a, c, thumbprint);
                resumed = true;
            }
        }
        return resumed;
    }

    /** Applies expiry: a pending or valid authorization past its expiry becomes expired. */
    AcmeAuthorization refresh(AcmeAuthorization a) {
        boolean live = a.status() == AcmeAuthorization.Status.PENDING || a.status() == AcmeAuthorization.Status.VALID;
        if (live && !a.expiresAt().isAfter(clock.instant())) {
            storage.updateAuthorizationStatus(a.id(), a.status(), AcmeAuthorization.Status.EXPIRED);
            return storage.findAuthorization(a.id()).orElseThrow();
        }
        return a;
    }

    /** Deactivates an authorization (§7.5.2); only pending and valid ones can be. */
    public AcmeAuthorization deactivate(AcmeAccount account, String authzId) {
        AcmeAuthorization a = find(account, authzId);
        if (a.status() != AcmeAuthorization.Status.PENDING && a.status() != AcmeAuthorization.Status.VALID) {
            throw new CaException(Problem.MALFORMED, "The authorization " + authzId + " is " + a.status().name().toLowerCase()
                    + "; only pending or valid authorizations can be deactivated.");
        }
        if (!storage.updateAuthorizationStatus(a.id(), a.status(), AcmeAuthorization.Status.DEACTIVATED)) {
            throw new CaException(Problem.MALFORMED, "The authorization " + authzId + " changed meanwhile; fetch it and retry.");
        }
        return storage.findAuthorization(a.id()).orElseThrow();
    }

    /**
     * The client says a challenge is ready (§7.5.1). A pending challenge of a pending authorization moves to
     * processing and is validated asynchronously, and the answer waits up to {@code answerWait} for the verdict; in
     * every other state the request changes nothing. Returns the authorization as it is now.
     */
    public AcmeAuthorization respond(AcmeAccount account, String authzId, String challengeId) {
        AcmeAuthorization a = find(account, authzId);
        AcmeChallenge c = a.challenges().stream().filter(x -> x.id().equals(challengeId)).findFirst()
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "The challenge " + challengeId + " does not exist."));
        boolean otherRunning = a.challenges().stream().anyMatch(x -> x.status() == AcmeChallenge.Status.PROCESSING);
        if (a.status() == AcmeAuthorization.Status.PENDING && c.status() == AcmeChallenge.Status.PENDING && !otherRunning
                && storage.startValidation(c.id(), clock.instant().plus(lease))) {
            var started = validate(a, c, account.keyThumbprint());
            ValidationResult now = awaitBriefly(started);
            if (now != null && now.problem() == Problem.RATE_LIMITED) {
                throw new CaException(Problem.RATE_LIMITED, "The CA is validating too many challenges at once; respond to the challenge again later.")
                        .withRetryAfter(BUSY_RETRY);
            }
            return storage.findAuthorization(a.id()).orElseThrow();
        }
        return a;
    }

    /** The validation's verdict once stored, if that happens within {@code answerWait}; else null. */
    private ValidationResult awaitBriefly(CompletableFuture<ValidationResult> started) {
        if (answerWait.isZero() || started.isDone()) return started.getNow(null);
        try {
            return started.get(answerWait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return null; // still running (the client polls), or failed (stored as such by validate)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Validates again every challenge left processing whose lease lapsed (its instance crashed or stopped
     * mid-validation), so that no order waits forever. Called at start and periodically; returns how many validations
     * were taken over.
     */
    public int resumeValidations() {
        int resumed = 0;
        for (String authzId : storage.authorizationsWithLapsedValidations(clock.instant())) {
            AcmeAuthorization a = storage.findAuthorization(authzId).orElse(null);
            if (a == null) continue;
            var account = storage.findAccount(a.accountId()).orElse(null);
            if (account == null) continue;
            if (resumeIfLapsed(a, account.keyThumbprint())) resumed++;
        }
        if (resumed > 0) LOG.info("Resumed the validations of {} authorizations left processing by a stopped instance", resumed);
        return resumed;
    }

    /**
     * Hands a processing challenge to the VA and stores the verdict when it comes. "Not now" answers are no verdict:
     * a busy VA puts the challenge back to pending (the client may respond again); a VA that is shutting down leaves
     * it processing, for another instance (or this one after a restart) to take over when the lease lapses.
     */
    private CompletableFuture<ValidationResult> validate(AcmeAuthorization a, AcmeChallenge c, String thumbprint) {
        ValidationRequest request = new ValidationRequest(c.type(), a.identifier().type(), a.identifier().value(), c.token(),
                c.token() + "." + thumbprint);
        return va.validate(request).whenComplete((result, error) -> {
            ValidationResult r = error == null ? result
                    : ValidationResult.failure(Problem.SERVER_INTERNAL, "The validation could not be completed.");
            if (!r.valid() && r.problem() == Problem.RATE_LIMITED) {
                storage.updateChallengeStatus(c.id(), AcmeChallenge.Status.PROCESSING, AcmeChallenge.Status.PENDING);
                return;
            }
            if (!r.valid() && r.problem() == Problem.UNAVAILABLE) return;
            try {
                storage.recordValidation(c.id(), r.valid(), clock.instant(), r.valid() ? null : new ProblemDetail(r.problem(), r.detail()));
                LOG.info("Validated {} for {} {}: {}", c.type(), a.identifier().type(), a.identifier().value(),
                        r.valid() ? "valid" : "invalid (" + r.detail() + ")");
            } catch (RuntimeException e) {
                LOG.error("Could not store the result of challenge {}", c.id(), e);
            }
        });
    }
}

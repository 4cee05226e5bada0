package dev.signet.ca.ra;

import dev.signet.ca.config.LimitsConfig;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Per-account limits on new orders (the provisioner's {@link LimitsConfig}): pending orders at once and orders per
 * window. Counts come from storage, so every instance on a shared database enforces the same limit. Hitting one is
 * {@code rateLimited} (RFC 8555 §6.6) with a {@code Retry-After}.
 *
 * <p>Thread-safe. Two concurrent requests may both pass at the edge of a limit; the limits protect the CA, they are
 * not quotas.
 */
public final class RateLimiter {
    private static final Duration PENDING_RETRY = Duration.ofMinutes(5);

    private final Storage storage;
    private final Clock clock;

    public RateLimiter(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Checks that the account may create another order now. */
    public void checkNewOrder(AcmeProvisioner p, AcmeAccount account) {
        LimitsConfig l = p.limits();
        Instant now = clock.instant();
        int pending = storage.countPendingOrders(account.id(), now);
        if (pending >= l.pendingOrdersPerAccount()) {
            throw new CaException(Problem.RATE_LIMITED, "The account has " + pending + " pending orders; the provisioner allows "
                    + l.pendingOrdersPerAccount() + ". Finish or let some expire first.").withRetryAfter(PENDING_RETRY);
        }
        int recent = storage.countOrdersSince(account.id(), now.minus(l.window()));
        if (recent >= l.ordersPerWindow()) {
            throw new CaException(Problem.RATE_LIMITED, "The account created " + recent + " orders within "
                    + dev.signet.pki.GoDuration.format(l.window()) + "; the provisioner allows " + l.ordersPerWindow() + ".")
                    .withRetryAfter(l.window());
        }
    }
}

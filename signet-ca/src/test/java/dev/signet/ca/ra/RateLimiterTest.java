package dev.signet.ca.ra;

import static dev.signet.ca.ra.RaFixture.IP;
import static dev.signet.ca.ra.RaFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.config.Claims;
import dev.signet.ca.config.LimitsConfig;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-account order limits, counted in storage, as the clock moves. */
class RateLimiterTest extends RaTestBase {
    private static final String PENDING_2 = "The account has 2 pending orders; the provisioner allows 2. Finish or let some expire first.";
    private static final String WINDOW_3 = "The account created 3 orders within 1h; the provisioner allows 3.";


    private static AcmeProvisioner limited(int pending, int perWindow) {
        return RaFixture.provisioner("acme", Claims.DEFAULTS, Map.of(), null,
                new LimitsConfig(pending, perWindow, Duration.ofHours(1), null).withDefaults());
    }

    /** One new order after moving the clock: the refusal's sentence and Retry-After, or null when it is created. */
    record Step(Duration advance, String refusal, Duration retryAfter) {
        static Step ok(Duration advance) {
            return new Step(advance, null, null);
        }

        static Step refused(Duration advance, String refusal, Duration retryAfter) {
            return new Step(advance, refusal, retryAfter);
        }
    }

    static Stream<Arguments> scenarios() {
        Duration none = Duration.ZERO;
        Duration fiveMinutes = Duration.ofMinutes(5);
        Duration hour = Duration.ofHours(1);
        return Stream.of(
                argumentSet("pending/third-refused", limited(2, 1000), List.of(
                        Step.ok(none), Step.ok(none), Step.refused(none, PENDING_2, fiveMinutes))),
                argumentSet("pending/freed-when-they-expire", limited(2, 1000), List.of(
                        Step.ok(none), Step.ok(Duration.ofHours(1)),
                        Step.refused(Duration.ofHours(22), PENDING_2, fiveMinutes),
                        Step.ok(Duration.ofHours(1)), // the first expired at 24h
                        Step.refused(none, PENDING_2, fiveMinutes),
                        Step.ok(Duration.ofHours(1)))), // the second expired at 25h
                argumentSet("window/slides", limited(100, 3), List.of(
                        Step.ok(none), Step.ok(Duration.ofMinutes(10)), Step.ok(Duration.ofMinutes(10)),
                        Step.refused(Duration.ofMinutes(10), WINDOW_3, hour),
                        Step.refused(Duration.ofMinutes(30), WINDOW_3, hour), // at 60m the first (0m) is still inside
                        Step.ok(Duration.ofMillis(1)), // the first left the window
                        Step.refused(none, WINDOW_3, hour),
                        Step.ok(Duration.ofMinutes(10)), // the second (10m) left
                        Step.refused(Duration.ofMinutes(9), WINDOW_3, hour),
                        Step.ok(Duration.ofMinutes(2)))), // the third (20m) left at 80m
                argumentSet("window/refused-orders-do-not-count", limited(100, 3), List.of(
                        Step.ok(none), Step.ok(none), Step.ok(none),
                        Step.refused(Duration.ofMinutes(30), WINDOW_3, hour),
                        Step.refused(Duration.ofMinutes(29), WINDOW_3, hour),
                        Step.ok(Duration.ofMinutes(2)), Step.ok(none), Step.ok(none),
                        Step.refused(none, WINDOW_3, hour))),
                argumentSet("both/pending-limit-first", limited(2, 2), List.of(
                        Step.ok(none), Step.ok(none), Step.refused(none, PENDING_2, fiveMinutes))));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void limitsFollowTheClock(AcmeProvisioner p, List<Step> steps) {
        AcmeAccount account = ra.account(p);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            ra.clock.advance(s.advance());
            if (s.refusal() == null) {
                assertThat(ra.orders.create(p, account, request(IP)).status()).as("step %d", i).isEqualTo(AcmeOrder.Status.PENDING);
                continue;
            }
            assertThatThrownBy(() -> ra.orders.create(p, account, request(IP))).as("step %d", i)
                    .isInstanceOfSatisfying(CaException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.RATE_LIMITED);
                        assertThat(e.retryAfter()).isEqualTo(s.retryAfter());
                    })
                    .hasMessage(s.refusal());
        }
    }

    @Test
    void limitsArePerAccountAndAnInvalidOrderNoLongerCounts() {
        AcmeProvisioner p = limited(2, 1000);
        AcmeAccount a = ra.account(p);
        AcmeAccount b = ra.account(p);
        AcmeOrder first = ra.orders.create(p, a, request(IP));
        ra.orders.create(p, a, request(IP));
        assertThatThrownBy(() -> ra.orders.create(p, a, request(IP))).hasMessage(PENDING_2);

        assertThat(ra.orders.create(p, b, request(IP)).status()).as("another account").isEqualTo(AcmeOrder.Status.PENDING);

        ra.authorizations.deactivate(a, first.authorizationIds().get(0));
        assertThat(ra.orders.find(a, first.id()).status()).isEqualTo(AcmeOrder.Status.INVALID);
        assertThat(ra.orders.create(p, a, request(IP)).status()).isEqualTo(AcmeOrder.Status.PENDING);
        assertThatThrownBy(() -> ra.orders.create(p, a, request(IP))).hasMessage(PENDING_2);
    }

    @Test
    void aReadyOrderIsStillPendingForTheLimit() {
        AcmeProvisioner p = limited(2, 1000);
        AcmeAccount a = ra.account(p);
        assertThat(ra.readyOrder(p, a, request(IP)).status()).isEqualTo(AcmeOrder.Status.READY);
        ra.orders.create(p, a, request(IP));
        assertThatThrownBy(() -> ra.orders.create(p, a, request(IP))).hasMessage(PENDING_2);
    }
}

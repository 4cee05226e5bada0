package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * Limits that protect the CA from one account (Boulder's rate limits, in small). Any field may be left out for its
 * default. Immutable.
 *
 * @param pendingOrdersPerAccount at most this many pending or ready orders per account (default 300)
 * @param ordersPerWindow at most this many new orders per account per {@code window} (default 1000)
 * @param window the window of {@code ordersPerWindow} (default 1h)
 * @param maxRequestBytes the largest request body accepted (default 65536)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LimitsConfig(Integer pendingOrdersPerAccount, Integer ordersPerWindow, Duration window, Integer maxRequestBytes) {
    public static final LimitsConfig DEFAULTS = new LimitsConfig(300, 1000, Duration.ofHours(1), 65536);

    /** These limits with each missing field taken from {@link #DEFAULTS}. */
    public LimitsConfig withDefaults() {
        return new LimitsConfig(
                pendingOrdersPerAccount != null ? pendingOrdersPerAccount : DEFAULTS.pendingOrdersPerAccount,
                ordersPerWindow != null ? ordersPerWindow : DEFAULTS.ordersPerWindow,
                window != null ? window : DEFAULTS.window,
                maxRequestBytes != null ? maxRequestBytes : DEFAULTS.maxRequestBytes);
    }
}

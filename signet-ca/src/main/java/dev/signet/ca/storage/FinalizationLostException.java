package dev.signet.ca.storage;

/**
 * The order being completed is no longer processing under the caller's {@link Finalization} token: another instance
 * took it over after the hold lapsed, or it ended meanwhile. Nothing was stored; the certificate signed for it must not
 * be handed out.
 */
public class FinalizationLostException extends RuntimeException {
    public FinalizationLostException(String orderId) {
        super("The order " + orderId + " is no longer being finalized under this hold; another instance took it over or it ended.");
    }
}

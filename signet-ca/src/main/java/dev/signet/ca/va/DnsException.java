package dev.signet.ca.va;

/**
 * A DNS lookup that found nothing usable: no such name, no records of the type, or no answer in time. The message is a
 * full sentence for the client; validators turn it into a {@code dns} problem.
 */
public final class DnsException extends Exception {
    private static final long serialVersionUID = 1L;

    public DnsException(String message) {
        super(message);
    }
}

package dev.signet.ca.ra;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.pki.SubjectName;
import java.util.List;
import java.util.Locale;

/**
 * Checks account contact URLs (RFC 8555 §7.3): only {@code mailto:} with one plain address and no header fields;
 * another scheme is {@code unsupportedContact}, a bad address {@code invalidContact}. Stateless and thread-safe.
 */
public final class ContactPolicy {
    /** The most contacts one account may list. */
    public static final int MAX_CONTACTS = 10;

    private ContactPolicy() {}

    /** Returns the contacts unchanged if all are acceptable. */
    public static List<String> check(List<String> contacts) {
        if (contacts == null) return List.of();
        if (contacts.size() > MAX_CONTACTS) {
            throw new CaException(Problem.INVALID_CONTACT, "An account may list at most " + MAX_CONTACTS + " contacts.");
        }
        for (String c : contacts) {
            if (c == null || !c.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                throw new CaException(Problem.UNSUPPORTED_CONTACT, "The contact \"" + c + "\" is not supported; use a mailto: URL.");
            }
            String address = c.substring("mailto:".length());
            if (address.isEmpty() || address.contains(",") || address.contains("?") || address.contains("%")) {
                throw new CaException(Problem.INVALID_CONTACT, "The contact \"" + c
                        + "\" must name exactly one email address without header fields.");
            }
            try {
                SubjectName.email(address);
            } catch (IllegalArgumentException e) {
                throw new CaException(Problem.INVALID_CONTACT, "The contact \"" + c + "\" is not a valid email address.");
            }
        }
        return List.copyOf(contacts);
    }
}

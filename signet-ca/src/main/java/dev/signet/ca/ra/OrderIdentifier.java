package dev.signet.ca.ra;

import dev.signet.ca.storage.AcmeIdentifier;

/**
 * An identifier of a new order after the policy accepted it: the normalised identifier without any wildcard label,
 * and whether the order asked for the wildcard. Immutable.
 */
public record OrderIdentifier(AcmeIdentifier identifier, boolean wildcard) {
    /** The name as it appears in the order and the certificate ({@code *.example.com} for a wildcard). */
    public String certificateName() {
        return wildcard ? "*." + identifier.value() : identifier.value();
    }

    /** The identifier as the order object shows it. */
    public AcmeIdentifier asOrdered() {
        return new AcmeIdentifier(identifier.type(), certificateName());
    }
}

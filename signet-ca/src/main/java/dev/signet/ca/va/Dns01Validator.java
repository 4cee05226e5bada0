package dev.signet.ca.va;

import dev.signet.ca.error.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The dns-01 challenge (RFC 8555 §8.4): the TXT records at {@code _acme-challenge.{identifier}} must include
 * base64url (no padding) of SHA-256 of the key authorization; other records beside it are allowed. IP identifiers
 * cannot use dns-01 (RFC 8738 §7) and fail with {@code malformed}. No records, no such name and no answer are
 * {@code dns}; records without the expected value are {@code incorrectResponse}.
 *
 * <p>Thread-safe and stateless; lookups go through the shared {@link NameResolver}.
 */
public final class Dns01Validator implements ChallengeValidator {
    /** The label RFC 8555 §8.4 puts before the identifier. */
    public static final String LABEL = "_acme-challenge.";
    private static final int SHOWN_RECORDS = 5;

    private final ValidationSettings settings;
    private final NameResolver resolver;

    public Dns01Validator(ValidationSettings settings, NameResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    @Override
    public ValidationResult validate(ValidationRequest request) {
        if (request.isIp()) {
            return ValidationResult.failure(Problem.MALFORMED, "dns-01 cannot validate an IP address; use http-01 or "
                    + "tls-alpn-01 for " + request.identifierValue() + ".");
        }
        String name = LABEL + request.identifierValue();
        List<String> records;
        try {
            records = resolver.txt(name, Deadline.after(settings.timeout()));
        } catch (DnsException e) {
            return ValidationResult.failure(Problem.DNS, e.getMessage());
        }
        String expected = Texts.dnsTxtValue(request.keyAuthorization());
        if (records.contains(expected)) return ValidationResult.success();
        String found = records.stream().limit(SHOWN_RECORDS).map(Texts::quote).collect(Collectors.joining(", "));
        return ValidationResult.failure(Problem.INCORRECT_RESPONSE, "The TXT records at " + name + " are " + found
                + (records.size() > SHOWN_RECORDS ? " and " + (records.size() - SHOWN_RECORDS) + " more" : "")
                + "; none is the expected " + Texts.quote(expected) + ".");
    }
}

/**
 * The validation authority: checks ACME challenges against the applicant's servers and DNS (RFC 8555 §8.3 http-01,
 * §8.4 dns-01, RFC 8737 tls-alpn-01, RFC 8738 IP identifiers).
 *
 * <p>Every check <em>returns</em> a {@link dev.signet.ca.va.ValidationResult}; a failed check is a value, never an
 * exception. The package depends on nothing in the CA except {@code dev.signet.ca.error}, so that it can be run apart
 * from the front end later (a remote VA as Boulder has).
 */
package dev.signet.ca.va;

package dev.signet.ca.va;

import dev.signet.ca.error.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * The tls-alpn-01 challenge (RFC 8737; for IP identifiers RFC 8738 §6): a TLS handshake with the identifier's address
 * on the configured port (443 by default) that offers only the ALPN protocol {@code acme-tls/1}, with SNI set to the
 * DNS identifier, or for an IP identifier to its reverse-DNS name ({@code 4.3.2.1.in-addr.arpa}, or the nibbles under
 * {@code ip6.arpa}). Any certificate is accepted for the handshake (it is self-signed); then:
 *
 * <ul>
 *   <li>the server must have chosen {@code acme-tls/1}, else the problem is {@code tls} (as is a failed handshake);</li>
 *   <li>the certificate must have exactly one subjectAltName, a dNSName equal to the identifier (case-insensitive) or
 *       an iPAddress equal to it (RFC 8737 §3, RFC 8738 §6), else {@code unauthorized};</li>
 *   <li>it must have the critical extension id-pe-acmeIdentifier ({@value #ACME_IDENTIFIER_OID}), else
 *       {@code unauthorized};</li>
 *   <li>whose value must be a DER OCTET STRING holding SHA-256 of the key authorization, else
 *       {@code incorrectResponse}.</li>
 * </ul>
 *
 * <p>Connection failures and time-outs (the configured timeout bounds lookup, connection and handshake together) are
 * {@code connection}. Thread-safe and stateless: each call uses its own socket and TLS context.
 */
public final class TlsAlpn01Validator implements ChallengeValidator {
    /** The ALPN protocol of RFC 8737 §6.2. */
    public static final String ACME_TLS_1 = "acme-tls/1";
    /** id-pe-acmeIdentifier (RFC 8737 §6.1). */
    public static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";
    private static final int SAN_DNS_NAME = 2;
    private static final int SAN_IP_ADDRESS = 7;

    private final ValidationSettings settings;
    private final NameResolver resolver;

    public TlsAlpn01Validator(ValidationSettings settings, NameResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    @Override
    public ValidationResult validate(ValidationRequest request) {
        Deadline deadline = Deadline.after(settings.timeout());
        String identifier = request.identifierValue();
        String target = identifier + " port " + settings.tlsAlpn01Port();
        List<InetAddress> addresses;
        String sni;
        try {
            addresses = resolver.addresses(identifier, deadline);
            sni = request.isIp() ? NameResolver.reverseName(addresses.get(0)) : identifier;
        } catch (DnsException e) {
            return ValidationResult.failure(Problem.DNS, e.getMessage());
        }
        X509Certificate certificate;
        try (Socket plain = Sockets.connect(addresses, settings.tlsAlpn01Port(), deadline);
                SSLSocket tls = Sockets.tls(plain, sni, ACME_TLS_1)) {
            tls.setSoTimeout(deadline.remainingMillis());
            try {
                tls.startHandshake();
            } catch (SSLException e) {
                return ValidationResult.failure(Problem.TLS, "The TLS handshake with " + target
                        + " offering only ALPN " + ACME_TLS_1 + " failed: " + Sockets.describe(e) + ".");
            }
            String protocol = tls.getApplicationProtocol();
            if (!ACME_TLS_1.equals(protocol)) {
                return ValidationResult.failure(Problem.TLS, "The server at " + target + " did not choose the ALPN "
                        + "protocol " + ACME_TLS_1 + (protocol == null || protocol.isEmpty() ? "."
                        : " but " + Texts.quote(protocol) + "."));
            }
            Certificate[] chain = tls.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
                return ValidationResult.failure(Problem.TLS, "The server at " + target
                        + " presented no X.509 certificate.");
            }
            certificate = (X509Certificate) chain[0];
        } catch (IOException e) {
            return ValidationResult.failure(Problem.CONNECTION, "Could not complete a TLS handshake with " + target
                    + ": " + Sockets.describe(e) + ".");
        }
        return check(certificate, request, target);
    }

    /** The checks of RFC 8737 §3 on the certificate the server presented. */
    static ValidationResult check(X509Certificate certificate, ValidationRequest request, String target) {
        ValidationResult names = checkSubjectAltName(certificate, request, target);
        if (!names.valid()) return names;
        byte[] extension = certificate.getExtensionValue(ACME_IDENTIFIER_OID);
        if (extension == null) {
            return ValidationResult.failure(Problem.UNAUTHORIZED, "The certificate from " + target
                    + " has no acmeIdentifier extension (" + ACME_IDENTIFIER_OID + ").");
        }
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        if (critical == null || !critical.contains(ACME_IDENTIFIER_OID)) {
            return ValidationResult.failure(Problem.UNAUTHORIZED, "The acmeIdentifier extension of the certificate from "
                    + target + " is not marked critical.");
        }
        byte[] expected = Texts.sha256(request.keyAuthorization());
        byte[] received;
        try {
            byte[] extnValue = ASN1OctetString.getInstance(extension).getOctets();
            received = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(extnValue)).getOctets();
        } catch (IOException | IllegalArgumentException e) {
            return ValidationResult.failure(Problem.INCORRECT_RESPONSE, "The acmeIdentifier extension of the "
                    + "certificate from " + target + " is not a DER OCTET STRING.");
        }
        if (MessageDigest.isEqual(expected, received)) return ValidationResult.success();
        return ValidationResult.failure(Problem.INCORRECT_RESPONSE, "The acmeIdentifier extension of the certificate "
                + "from " + target + " holds " + Texts.quote(Texts.hex(received)) + " but SHA-256 of the key "
                + "authorization is " + Texts.quote(Texts.hex(expected)) + ".");
    }

    private static ValidationResult checkSubjectAltName(X509Certificate certificate, ValidationRequest request,
            String target) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return ValidationResult.failure(Problem.UNAUTHORIZED, "The subjectAltName extension of the certificate "
                    + "from " + target + " cannot be parsed.");
        }
        int count = names == null ? 0 : names.size();
        if (count != 1) {
            return ValidationResult.failure(Problem.UNAUTHORIZED, "The certificate from " + target + " has " + count
                    + " subjectAltNames; it must have exactly one, " + request.identifierValue() + ".");
        }
        List<?> name = names.iterator().next();
        int type = (Integer) name.get(0);
        String value = String.valueOf(name.get(1));
        boolean matches = request.isIp()
                ? type == SAN_IP_ADDRESS && sameAddress(value, request.identifierValue())
                : type == SAN_DNS_NAME && value.equalsIgnoreCase(request.identifierValue());
        if (matches) return ValidationResult.success();
        return ValidationResult.failure(Problem.UNAUTHORIZED, "The certificate from " + target + " is for "
                + Texts.quote(value) + " but must have the single subjectAltName " + request.identifierValue() + ".");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return NameResolver.literal(a).equals(NameResolver.literal(b));
        } catch (DnsException e) {
            return false;
        }
    }
}

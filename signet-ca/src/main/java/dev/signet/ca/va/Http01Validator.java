package dev.signet.ca.va;

import dev.signet.ca.error.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The http-01 challenge (RFC 8555 §8.3; for IP identifiers RFC 8738 §3): GET
 * {@code http://{identifier}:{http01Port}/.well-known/acme-challenge/{token}} from an address the VA resolves itself,
 * and compare the body with the key authorization.
 *
 * <ul>
 *   <li>The {@code Host} header is the identifier (IPv6 in brackets), with {@code :port} added when the port is not
 *       the scheme's default (RFC 9110 §7.2).</li>
 *   <li>The body, with trailing whitespace removed (RFC 8555 §8.3: the server SHOULD ignore it), must equal the key
 *       authorization exactly. At most {@value #MAX_BODY} bytes are read; a longer body fails with
 *       {@code incorrectResponse} rather than being compared truncated, since no valid key authorization is that
 *       long.</li>
 *   <li>Redirects (301, 302, 303, 307, 308) are followed, at most {@value #MAX_REDIRECTS} of them (RFC 8555 §8.3: the
 *       server SHOULD follow redirects; §10.2 on their risks). Only {@code http} and {@code https} targets are
 *       followed, and only to port 80, port 443 or the configured http-01 port: Let's Encrypt allows 80 and 443
 *       only; the configured port is allowed too so that tests on high ports work. The certificate of an
 *       {@code https} target is not checked: RFC 8555 asks for none, the proof is the body, and an applicant
 *       redirecting to HTTPS may well be about to obtain its first valid certificate (Let's Encrypt does the
 *       same).</li>
 *   <li>The whole exchange, lookups and redirects included, must end within the configured timeout.</li>
 *   <li>Outcomes: no address or no lookup answer is {@code dns}; a refused, unreachable or silent server, a broken
 *       response and a bad redirect are {@code connection}; a status other than 200 is {@code unauthorized} (as
 *       Boulder reports it); a wrong body is {@code incorrectResponse}.</li>
 * </ul>
 *
 * <p>Thread-safe and stateless: each call uses its own sockets.
 */
public final class Http01Validator implements ChallengeValidator {
    /** The most redirects followed for one validation. */
    public static final int MAX_REDIRECTS = 10;
    /** The most body bytes read. */
    public static final int MAX_BODY = 8 * 1024;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final ValidationSettings settings;
    private final NameResolver resolver;

    public Http01Validator(ValidationSettings settings, NameResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    @Override
    public ValidationResult validate(ValidationRequest request) {
        Deadline deadline = Deadline.after(settings.timeout());
        String host = request.isIp() && request.identifierValue().indexOf(':') >= 0
                ? "[" + request.identifierValue() + "]" : request.identifierValue();
        URI url;
        try {
            url = new URI("http://" + host + ":" + settings.http01Port() + "/.well-known/acme-challenge/"
                    + request.token());
        } catch (URISyntaxException e) {
            return ValidationResult.failure(Problem.MALFORMED, "The identifier " + request.identifierValue()
                    + " and token do not form a valid http-01 URL.");
        }
        for (int redirects = 0; ; redirects++) {
            HttpGet.Response response;
            try {
                List<InetAddress> addresses = resolver.addresses(url.getHost(), deadline);
                response = fetch(url, addresses, deadline);
            } catch (DnsException e) {
                return ValidationResult.failure(Problem.DNS, e.getMessage());
            } catch (IOException e) {
                return ValidationResult.failure(Problem.CONNECTION,
                        "Could not fetch " + url + ": " + Sockets.describe(e) + ".");
            }
            if (REDIRECTS.contains(response.status())) {
                if (redirects == MAX_REDIRECTS) {
                    return ValidationResult.failure(Problem.CONNECTION, "Fetching the http-01 response from "
                            + url + " took more than " + MAX_REDIRECTS + " redirects.");
                }
                Redirect next = redirect(url, response);
                if (next.refusal() != null) return next.refusal();
                url = next.target();
                continue;
            }
            return check(request, url, response);
        }
    }

    private ValidationResult check(ValidationRequest request, URI url, HttpGet.Response response) {
        if (response.status() != 200) {
            return ValidationResult.failure(Problem.UNAUTHORIZED, "The server at " + url + " answered with HTTP status "
                    + response.status() + " instead of 200.");
        }
        if (response.bodyTooLarge()) {
            return ValidationResult.failure(Problem.INCORRECT_RESPONSE, "The response from " + url
                    + " is longer than " + MAX_BODY + " bytes; it must be the key authorization "
                    + Texts.quote(request.keyAuthorization()) + ".");
        }
        String body = new String(response.body(), StandardCharsets.UTF_8).stripTrailing();
        if (body.equals(request.keyAuthorization())) return ValidationResult.success();
        // RFC 8555 §10.4: the body is not echoed, so validation cannot be used to read pages the CA can reach
        return ValidationResult.failure(Problem.INCORRECT_RESPONSE, "The response from " + url + " was "
                + body.length() + " characters that are not the key authorization " + Texts.quote(request.keyAuthorization()) + ".");
    }

    private HttpGet.Response fetch(URI url, List<InetAddress> addresses, Deadline deadline) throws IOException {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = port(url);
        String host = url.getHost();
        boolean defaultPort = port == (https ? 443 : 80);
        String hostHeader = defaultPort ? host : host + ":" + port;
        String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) path += "?" + url.getRawQuery();
        try (Socket plain = Sockets.connect(addresses, port, deadline)) {
            if (!https) return HttpGet.get(plain, hostHeader, path, deadline, MAX_BODY);
            String sni = NameResolver.isIpLiteral(host) ? null : host;
            try (Socket tls = Sockets.tls(plain, sni)) {
                tls.setSoTimeout(deadline.remainingMillis());
                return HttpGet.get(tls, hostHeader, path, deadline, MAX_BODY);
            }
        }
    }

    /** Where a redirect leads, or why it is not followed: exactly one of the two is set. */
    private record Redirect(URI target, ValidationResult refusal) {
        static Redirect refused(Problem problem, String detail) {
            return new Redirect(null, ValidationResult.failure(problem, detail));
        }
    }

    private Redirect redirect(URI from, HttpGet.Response response) {
        String location = response.location();
        if (location == null || location.isBlank()) {
            return Redirect.refused(Problem.CONNECTION, "The server at " + from + " answered with redirect "
                    + response.status() + " but no Location header.");
        }
        URI next;
        try {
            next = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Redirect.refused(Problem.CONNECTION, "The server at " + from + " redirected to "
                    + Texts.quote(location) + ", which is not a valid URL.");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Redirect.refused(Problem.CONNECTION, "The server at " + from + " redirected to "
                    + Texts.quote(location) + "; only http and https redirects are followed.");
        }
        if (next.getHost() == null) {
            return Redirect.refused(Problem.CONNECTION, "The server at " + from + " redirected to "
                    + Texts.quote(location) + ", which names no host.");
        }
        int port = port(next);
        if (port != 80 && port != 443 && port != settings.http01Port()) {
            return Redirect.refused(Problem.CONNECTION, "The server at " + from + " redirected to port "
                    + port + "; only ports 80, 443 and " + settings.http01Port() + " are followed.");
        }
        return new Redirect(next, null);
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) return url.getPort();
        return url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}

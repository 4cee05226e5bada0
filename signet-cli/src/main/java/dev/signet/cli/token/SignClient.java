package dev.signet.cli.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.pki.CertificationRequests;
import dev.signet.pki.Pem;
import dev.signet.pki.SubjectName;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of step-ca's {@code /sign} and {@code /renew}: sends a CSR made here (the key stays here) with a
 * one-time token, or renews over mTLS, and returns the chain (leaf first). Errors are one sentence naming the CA.
 */
public final class SignClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String caUrl;

    public SignClient(HttpClient client, String caUrl) {
        this.client = client;
        this.caUrl = caUrl;
    }

    /** {@code POST /sign}. */
    public List<X509Certificate> sign(KeyPair key, List<String> names, String ott, String notAfter) {
        List<SubjectName> parsed = new ArrayList<>();
        for (String n : names) parsed.add(SubjectName.parse(n));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("csr", Pem.encodeCsr(CertificationRequests.create(key, parsed)));
        body.put("ott", ott);
        if (notAfter != null) body.put("notAfter", notAfter);
        return chain(post("/1.0/sign", body));
    }

    /** {@code POST /renew}, with this client presenting the certificate (mTLS). */
    public List<X509Certificate> renew() {
        return chain(post("/1.0/renew", Map.of()));
    }

    /** {@code POST /revoke}: by token (may be null when this client presents the certificate itself). */
    public void revoke(String serial, int reason, String ott) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serial", serial);
        body.put("reasonCode", reason);
        if (ott != null) body.put("ott", ott);
        post("/1.0/revoke", body);
    }

    private JsonNode post(String path, Map<String, Object> body) {
        HttpResponse<String> r;
        try {
            r = Https.postJson(client, caUrl + path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode n;
        try {
            n = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new CliException("The CA at " + caUrl + " answered " + path + " with status " + r.statusCode() + " and a body that is not JSON.");
        }
        if (r.statusCode() / 100 != 2) {
            throw new CliException("The CA at " + caUrl + " refused " + path + ": " + n.path("detail").asText("status " + r.statusCode()));
        }
        return n;
    }

    private List<X509Certificate> chain(JsonNode n) {
        List<X509Certificate> chain = new ArrayList<>();
        for (JsonNode c : n.path("certChain")) chain.addAll(Pem.parseCertificates(c.asText().getBytes(StandardCharsets.US_ASCII), "the CA's answer"));
        if (chain.isEmpty()) throw new CliException("The CA at " + caUrl + " sent no certificate chain.");
        return chain;
    }
}

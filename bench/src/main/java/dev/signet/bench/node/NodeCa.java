package dev.signet.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signet.bench.BlockingHttps;
import dev.signet.ca.home.JwkProvisionerKeys;
import dev.signet.pki.CertificationRequests;
import dev.signet.pki.Crypto;
import dev.signet.pki.Pem;
import dev.signet.pki.SubjectName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Signet CA's node API ({@code /1.0/sign}, {@code /1.0/renew}) as the load generators use it: one-time tokens minted
 * locally with a JWK provisioner's key (fetched and decrypted once, as {@code signet ca token} does per call), CSRs
 * from a key the caller keeps, and the certificate chain of each answer parsed and checked.
 *
 * <p>Thread-safe: the token signer and the HTTP client are.
 */
final class NodeCa {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String caUrl;
    private final List<X509Certificate> roots;
    private final String provisioner;
    private final String kid;
    private final ECDSASigner tokenSigner;

    private NodeCa(String caUrl, List<X509Certificate> roots, String provisioner, String kid, ECDSASigner tokenSigner) {
        this.caUrl = caUrl;
        this.roots = roots;
        this.provisioner = provisioner;
        this.kid = kid;
        this.tokenSigner = tokenSigner;
    }

    /** Fetches the provisioner's encrypted key from the CA and decrypts it with the password in {@code passwordFile}. */
    static NodeCa connect(String caUrl, Path caRoot, String provisioner, Path passwordFile) throws Exception {
        String base = caUrl.endsWith("/") ? caUrl.substring(0, caUrl.length() - 1) : caUrl;
        List<X509Certificate> roots = Pem.readCertificates(caRoot);
        BlockingHttps http = client(roots);
        JsonNode list = JSON.readTree(ok(http.get(base + "/provisioners?limit=100"), "/provisioners"));
        for (JsonNode p : list.path("provisioners")) {
            if (!provisioner.equals(p.path("name").asText())) continue;
            if (!"JWK".equals(p.path("type").asText())) {
                throw new IllegalArgumentException("The provisioner \"" + provisioner + "\" is of type " + p.path("type").asText() + ", not JWK.");
            }
            String kid = p.path("key").path("kid").asText();
            String encrypted = p.hasNonNull("encryptedKey") ? p.get("encryptedKey").asText()
                    : JSON.readTree(ok(http.get(base + "/provisioners/" + kid + "/encrypted-key"), "/provisioners/" + kid + "/encrypted-key"))
                            .path("key").asText();
            char[] password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).get(0).toCharArray();
            JWK key = JwkProvisionerKeys.decrypt(encrypted, password);
            if (!(key instanceof ECKey)) throw new IllegalArgumentException("The key of provisioner \"" + provisioner + "\" is not an EC key.");
            ECDSASigner signer = new ECDSASigner((ECKey) key);
            signer.getJCAContext().setProvider(Crypto.BC);
            return new NodeCa(base, roots, provisioner, kid, signer);
        }
        throw new IllegalArgumentException("The CA at " + base + " has no provisioner named \"" + provisioner + "\" (first 100 looked at).");
    }

    /** An HTTPS client (kept-alive connections) that trusts the CA's roots. */
    BlockingHttps client() {
        return client(roots);
    }

    /** An HTTPS client that presents {@code chain} with {@code key} (mTLS). */
    BlockingHttps mutualClient(List<X509Certificate> chain, java.security.PrivateKey key) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pass = "bench".toCharArray();
        ks.setKeyEntry("client", key, pass, chain.toArray(new X509Certificate[0]));
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        return new BlockingHttps(BlockingHttps.trusting(roots, kmf.getKeyManagers()), TIMEOUT);
    }

    /** {@code POST /1.0/sign} for {@code name} with a fresh token; returns the chain after checking the leaf's name. */
    List<X509Certificate> sign(BlockingHttps http, KeyPair key, String name) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("csr", Pem.encodeCsr(CertificationRequests.create(key, List.of(SubjectName.parse(name)))));
        body.put("ott", token(name));
        List<X509Certificate> chain = post(http, "/1.0/sign", JSON.writeValueAsString(body));
        checkName(chain.get(0), name);
        return chain;
    }

    /** {@code POST /1.0/renew} over the client's mTLS connection; returns the chain. */
    List<X509Certificate> renew(BlockingHttps http) throws Exception {
        return post(http, "/1.0/renew", "{}");
    }

    private String token(String name) throws JOSEException {
        Instant now = Instant.now();
        byte[] jti = new byte[18];
        Crypto.RANDOM.nextBytes(jti);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(provisioner).audience(caUrl + "/1.0/sign").subject(name)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti)).claim("sans", List.of(name)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(tokenSigner);
        return jwt.serialize();
    }

    private List<X509Certificate> post(BlockingHttps http, String path, String json) throws Exception {
        BlockingHttps.Response r = http.send("POST", caUrl + path, "application/json", json.getBytes(StandardCharsets.UTF_8));
        if (r.status() != 201 && r.status() != 200) {
            throw new IllegalStateException(path + " answered " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (JsonNode c : JSON.readTree(r.body()).path("certChain")) {
            chain.addAll(Pem.parseCertificates(c.asText().getBytes(StandardCharsets.US_ASCII), path));
        }
        if (chain.isEmpty()) throw new IllegalStateException(path + " answered without a certificate chain.");
        return chain;
    }

    private static byte[] ok(BlockingHttps.Response r, String path) {
        if (r.status() != 200) {
            throw new IllegalStateException(path + " answered " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private static void checkName(X509Certificate leaf, String name) throws Exception {
        if (leaf.getSubjectAlternativeNames() == null
                || leaf.getSubjectAlternativeNames().stream().noneMatch(san -> name.equals(san.get(1)))) {
            throw new IllegalStateException("The certificate issued for " + name + " does not name it.");
        }
    }

    private static BlockingHttps client(List<X509Certificate> roots) {
        try {
            return new BlockingHttps(BlockingHttps.trusting(roots, null), TIMEOUT);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Could not set up TLS trust: " + e.getMessage(), e);
        }
    }
}

package dev.signet.bench.acme;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.pki.CertificationRequests;
import dev.signet.pki.SubjectName;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One load-generator worker: its own account, then full issuances for fresh names in a loop (RFC 8555 §7.4): new order,
 * fetch the authorization, answer http-01 from the shared responder, trigger it, poll until valid, finalize with a
 * fresh CSR, poll until valid, download, check the leaf's name. Records per-step latencies of issuances that complete
 * while {@link LoadRun#measuring()}.
 *
 * <p>Runs on one thread.
 */
final class IssuanceWorker implements Runnable {
    private final int id;
    private final LoadRun run;
    private final AcmeConnection acme;
    private final ChallengeResponder responder;
    private final KeyPair certificateKey;
    final Latencies latencies = new Latencies();
    private long sequence;

    IssuanceWorker(int id, LoadRun run, AcmeConnection acme, ChallengeResponder responder, KeyPair certificateKey) {
        this.id = id;
        this.run = run;
        this.acme = acme;
        this.responder = responder;
        this.certificateKey = certificateKey;
    }

    /** Creates this worker's account (RFC 8555 §7.3). */
    void register(String newAccountUrl) throws AcmeFailure, InterruptedException {
        AcmeConnection.Answer a = acme.post(newAccountUrl, "{\"termsOfServiceAgreed\":true}");
        if (a.location() == null) throw new AcmeFailure("no-account-location", "newAccount gave no Location.");
        acme.key().kid(a.location());
    }

    @Override
    public void run() {
        while (!run.stopped()) {
            String name = "w" + id + "-" + (sequence++) + "-" + run.nonce() + ".bench.test";
            long[] steps = new long[Step.values().length];
            long start = System.nanoTime();
            try {
                issue(name, steps);
                long end = System.nanoTime();
                if (run.measuring()) {
                    for (Step s : Step.values()) if (s != Step.ISSUANCE) latencies.add(s, steps[s.ordinal()]);
                    latencies.add(Step.ISSUANCE, end - start);
                    run.completed();
                }
            } catch (AcmeFailure f) {
                if (run.measuring() || run.stopped()) run.failed(f.kind(), f.getMessage());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                run.failed("bug:" + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            }
        }
    }

    private void issue(String name, long[] steps) throws AcmeFailure, InterruptedException {
        long t = System.nanoTime();
        AcmeConnection.Answer order = acme.post(run.newOrderUrl(), "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"" + name + "\"}]}");
        JsonNode o = order.json();
        String orderUrl = order.location();
        t = lap(steps, Step.NEW_ORDER, t);

        JsonNode authz = acme.post(o.path("authorizations").path(0).asText(), null).json();
        JsonNode challenge = null;
        for (JsonNode c : authz.path("challenges")) if (c.path("type").asText().equals("http-01")) challenge = c;
        if (challenge == null) throw new AcmeFailure("no-http-01", "The authorization for " + name + " offers no http-01 challenge.");
        String token = challenge.path("token").asText();
        responder.put(token, token + "." + acme.key().thumbprint());
        t = lap(steps, Step.AUTHORIZATION, t);
        try {
            AcmeConnection.Answer answered = acme.post(challenge.path("url").asText(), "{}");
            t = lap(steps, Step.CHALLENGE, t);
            String status = answered.json().path("status").asText();
            String authzUrl = o.path("authorizations").path(0).asText();
            long wait = answered.retryAfterSeconds();
            while (!status.equals("valid")) {
                if (status.equals("invalid")) throw new AcmeFailure("validation-invalid", "The http-01 validation of " + name + " failed: " + authz);
                run.pause(wait);
                AcmeConnection.Answer polled = acme.post(authzUrl, null);
                authz = polled.json();
                status = authz.path("status").asText();
                wait = polled.retryAfterSeconds();
            }
            t = lap(steps, Step.VALIDATION, t);
        } finally {
            responder.remove(token);
        }

        String csr = csr(certificateKey, name);
        AcmeConnection.Answer finalized = acme.post(o.path("finalize").asText(), "{\"csr\":\"" + csr + "\"}");
        JsonNode state = finalized.json();
        t = lap(steps, Step.FINALIZE, t);
        long wait = finalized.retryAfterSeconds();
        while (!state.path("status").asText().equals("valid")) {
            if (state.path("status").asText().equals("invalid")) throw new AcmeFailure("order-invalid", "The order for " + name + " became invalid: " + state);
            run.pause(wait);
            AcmeConnection.Answer polled = acme.post(orderUrl, null);
            state = polled.json();
            wait = polled.retryAfterSeconds();
        }
        t = lap(steps, Step.PROCESSING, t);

        AcmeConnection.Answer pem = acme.post(state.path("certificate").asText(), null);
        check(pem.body(), name);
        lap(steps, Step.DOWNLOAD, t);
    }

    private static long lap(long[] steps, Step step, long since) {
        long now = System.nanoTime();
        steps[step.ordinal()] = now - since;
        return now;
    }

    private static void check(byte[] pem, String name) throws AcmeFailure {
        try {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))
                    .iterator().next();
            for (List<?> san : leaf.getSubjectAlternativeNames()) if (name.equals(san.get(1))) return;
            throw new AcmeFailure("wrong-names", "The certificate for " + name + " names " + leaf.getSubjectAlternativeNames() + ".");
        } catch (CertificateException | RuntimeException e) {
            throw new AcmeFailure("bad-certificate", "The certificate for " + name + " cannot be read: " + e.getMessage());
        }
    }

    /** A fresh CSR for {@code name} with the worker's certificate key, base64url DER (RFC 8555 §7.4). */
    private static String csr(KeyPair key, String name) throws AcmeFailure {
        try {
            return AccountKey.encode(CertificationRequests.create(key, List.of(SubjectName.dns(name))).getEncoded());
        } catch (java.io.IOException e) {
            throw new AcmeFailure("csr", "The CSR for " + name + " cannot be encoded: " + e.getMessage());
        }
    }
}

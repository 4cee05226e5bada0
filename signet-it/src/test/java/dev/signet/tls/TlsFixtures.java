package dev.signet.tls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.tls.config.TlsConfig;
import dev.signet.tls.config.TlsConfigParser;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers: seed-shaped {@code security.tls} JSON and Prometheus readings. */
public final class TlsFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TlsFixtures() {}

    /** An {@code acme} block for {@code domains} at {@code directory}, answering on the given addresses. */
    public static ObjectNode acme(URI directory, Path caBundle, Path storage, String challenge, String address, String... domains) {
        ObjectNode a = JSON.createObjectNode();
        a.put("enabled", true);
        a.put("directory_url", directory.toString());
        a.put("email", "ops@example.com");
        ArrayNode d = a.putArray("domains");
        for (String n : domains) d.add(n);
        a.put("challenge_type", challenge);
        a.put("renew_before", "8h");
        a.put("storage_path", storage.toString());
        if (caBundle != null) a.put("ca_bundle", caBundle.toString());
        a.put(challenge.equals("http-01") ? "http01_address" : "tls_alpn01_address", address);
        return a;
    }

    /** {@code {"security":{"tls":{"server":{...}}}}} with TLS enabled in acme mode. */
    public static TlsConfig server(ObjectNode acme) {
        ObjectNode server = JSON.createObjectNode();
        server.put("enabled", true);
        server.put("mode", "acme");
        server.set("acme", acme);
        return config("server", server);
    }

    public static TlsConfig config(String side, ObjectNode block) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("security").putObject("tls").set(side, block);
        try {
            return TlsConfigParser.parse(JSON.writeValueAsBytes(root), "test config");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** The value of one Prometheus sample line such as {@code signet_acme_renewal_success_total}, or -1 if absent. */
    public static double sample(PrometheusMeterRegistry registry, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(registry.scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}

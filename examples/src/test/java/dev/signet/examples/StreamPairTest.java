package dev.signet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.tls.SignetTls;
import dev.signet.tls.config.TlsConfigParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example pair against a real Signet CA on loopback, configured as examples/run.sh configures it: the server gets
 * a certificate for {@code localhost}, the client one for {@code 127.0.0.1}, both over ACME http-01; the client
 * receives the stream over mTLS, and a client whose certificate names something else is refused in the handshake.
 */
class StreamPairTest {
    @TempDir Path dir;

    @Test
    void theClientReceivesTheStreamOverMtlsAndAnotherNameIsRefused() throws Exception {
        try (SignetAcmeServer ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(), null)) {
            String serverJson = """
                    {"security": {"tls": {"server": {
                      "enabled": true, "mode": "acme", "min_version": "1.3",
                      "acme": {"enabled": true, "directory_url": "%s", "email": "ops@example.com", "domains": ["localhost"],
                               "storage_path": "%s", "ca_bundle": "%s", "http01_address": "127.0.0.1:%d"},
                      "mtls": {"enabled": true, "client_ca_files": ["%s"], "allowed_client_cns": ["127.0.0.1"]}
                    }}}}""".formatted(ca.directory("acme"), dir.resolve("server-acme"), ca.rootPem(), ca.http01Port(), ca.rootPem());
            try (StreamServer server = new StreamServer(TlsConfigParser.parse(serverJson.getBytes(StandardCharsets.UTF_8), "server.json"),
                    0, Duration.ofMillis(20));
                    SignetTls client = client(ca, "127.0.0.1");
                    SignetTls stranger = client(ca, "localhost")) {
                assertThat(StreamClient.receive(client, "localhost", server.port(), 3)).containsExactly("message 1", "message 2", "message 3");
                assertThatThrownBy(() -> StreamClient.receive(stranger, "localhost", server.port(), 1)).isInstanceOf(IOException.class);
            }
        }
    }

    private SignetTls client(SignetAcmeServer ca, String name) {
        String json = """
                {"security": {"tls": {"client": {
                  "mode": "acme", "ca_files": ["%s"],
                  "acme": {"enabled": true, "directory_url": "%s", "domains": ["%s"], "storage_path": "%s", "ca_bundle": "%s",
                           "http01_address": "127.0.0.1:%d"}
                }}}}""".formatted(ca.rootPem(), ca.directory("acme"), name, dir.resolve("client-" + name), ca.rootPem(), ca.http01Port());
        return SignetTls.client(TlsConfigParser.parse(json.getBytes(StandardCharsets.UTF_8), "client.json")).start();
    }
}

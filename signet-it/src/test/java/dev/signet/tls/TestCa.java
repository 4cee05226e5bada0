package dev.signet.tls;

import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SerialNumbers;
import dev.signet.pki.SubjectName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Test fixture: a throwaway root that issues leaves (serverAuth + clientAuth) with a CN and a DNS SAN, as PEM files. */
public final class TestCa {
    private final KeyPair key = KeyType.EC_P256.generate();
    private final X509Certificate root;
    private final Path dir;

    public TestCa(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        root = CertificateBuilder.selfSigned(new CertificateSpec(CertificateSpec.commonName("Test Root"), key.getPublic(),
                SerialNumbers.random(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(2)), CertificateProfile.ROOT_CA,
                List.of(), Set.of(), List.of()), key.getPrivate());
        Files.writeString(rootPem(), Pem.encodeCertificate(root));
    }

    public Path rootPem() {
        return dir.resolve("root.pem");
    }

    /** A leaf for {@code name} held in memory. */
    public CertifiedKey leaf(String name) {
        KeyPair pair = KeyType.EC_P256.generate();
        X509Certificate cert = CertificateBuilder.issue(new CertificateSpec(CertificateSpec.commonName(name), pair.getPublic(),
                SerialNumbers.random(), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(1)), CertificateProfile.LEAF,
                List.of(SubjectName.dns(name)), Set.of(), List.of()), root, key.getPrivate());
        return new CertifiedKey(List.of(cert, root), pair.getPrivate());
    }

    /** A leaf for {@code name} written as {@code name.crt} (chain) and {@code name.key}; returns {cert, key}. */
    public Path[] leafFiles(String name) throws IOException {
        CertifiedKey k = leaf(name);
        Path c = dir.resolve(name + ".crt");
        Path p = dir.resolve(name + ".key");
        Files.writeString(c, Pem.encodeCertificates(k.chain()));
        Files.writeString(p, Pem.encodePrivateKey(k.key(), null));
        return new Path[] {c, p};
    }

    /** A manual-mode server block with mTLS allowing {@code allowed}. */
    public com.fasterxml.jackson.databind.node.ObjectNode manualServer(String name, String... allowed) throws IOException {
        Path[] files = leafFiles(name);
        var s = TlsFixtures.object();
        s.put("enabled", true);
        s.put("mode", "manual");
        s.put("cert_file", files[0].toString());
        s.put("key_file", files[1].toString());
        var m = s.putObject("mtls");
        m.put("enabled", true);
        m.putArray("client_ca_files").add(rootPem().toString());
        var a = m.putArray("allowed_client_cns");
        for (String n : allowed) a.add(n);
        return s;
    }

    /** A manual-mode client presenting a certificate for {@code name} and trusting this root. */
    public SignetTls client(String name) throws IOException {
        Path[] files = leafFiles(name);
        var c = TlsFixtures.object();
        c.put("cert_file", files[0].toString());
        c.put("key_file", files[1].toString());
        c.putArray("ca_files").add(rootPem().toString());
        return SignetTls.client(TlsFixtures.config("client", c)).start();
    }
}

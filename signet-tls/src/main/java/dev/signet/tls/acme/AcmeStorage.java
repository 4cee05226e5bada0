package dev.signet.tls.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.pki.Pem;
import dev.signet.pki.PkiException;
import dev.signet.pki.SecureFiles;
import dev.signet.tls.CertifiedKey;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The {@code storage_path} directory of one ACME-managed certificate (seed 000, "Certificate Lifecycle"):
 * <ul>
 *   <li>{@code account.json}: the ACME account (contact, directory, account URL and key), mode 0600;</li>
 *   <li>{@code certificate.pem}: the certificate chain, leaf first, mode 0644;</li>
 *   <li>{@code certificate.key}: its private key (PKCS#8 PEM), mode 0600;</li>
 *   <li>{@code .lock}: the lock several service instances sharing the directory take in turn.</li>
 * </ul>
 * Every file is written atomically (a temporary file renamed over the old one). The key is renamed into place before
 * the certificate; a reader that finds a certificate whose key does not match (a crash between the two renames)
 * treats the pair as absent.
 *
 * <p>Thread-safe: reads and writes are whole-file; {@link #lock()} serialises obtaining and renewing across threads
 * of this JVM and across processes (an OS file lock).
 */
public final class AcmeStorage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    public AcmeStorage(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path directory() {
        return dir;
    }

    public Path accountFile() {
        return dir.resolve("account.json");
    }

    public Path certificateFile() {
        return dir.resolve("certificate.pem");
    }

    public Path keyFile() {
        return dir.resolve("certificate.key");
    }

    /** A stored ACME account. */
    public record Account(URI directory, Optional<String> email, URI location, KeyPair key) {}

    /**
     * Takes the storage lock, creating the directory (0700) if needed, waiting while another instance holds it.
     * Not reentrant: release it before taking it again.
     */
    public Lock lock() throws IOException {
        SecureFiles.createDirectory(dir, SecureFiles.OWNER_ONLY_DIR);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        jvm.lock();
        try {
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new Lock(jvm, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            jvm.unlock();
            throw new IOException("Could not lock the ACME storage directory " + dir + ": " + SecureFiles.describe(e) + ".", e);
        }
    }

    /** The held storage lock; closing releases it. */
    public static final class Lock implements AutoCloseable {
        private final ReentrantLock jvm;
        private final FileChannel channel;
        private final FileLock file;

        private Lock(ReentrantLock jvm, FileChannel channel, FileLock file) {
            this.jvm = jvm;
            this.channel = channel;
            this.file = file;
        }

        @Override
        public void close() throws IOException {
            try {
                file.release();
                channel.close();
            } finally {
                jvm.unlock();
            }
        }
    }

    /** The stored account, if {@code account.json} exists; a damaged file fails with a sentence naming it. */
    public Optional<Account> loadAccount() {
        Path f = accountFile();
        if (!Files.exists(f)) return Optional.empty();
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(f));
            String email = n.path("email").asText("");
            URI directory = URI.create(n.path("directory_url").asText());
            URI location = URI.create(n.path("registration").path("uri").asText());
            KeyPair key = KeyPairUtils.readKeyPair(new StringReader(n.path("key").asText()));
            if (!location.isAbsolute() || !directory.isAbsolute()) throw new IllegalArgumentException("a URL is missing");
            return Optional.of(new Account(directory, email.isEmpty() ? Optional.empty() : Optional.of(email), location, key));
        } catch (IOException | RuntimeException e) {
            throw new PkiException("The ACME account file " + f + " is damaged (" + SecureFiles.describe(e)
                    + "); remove it to register a new account.", e);
        }
    }

    /** Writes {@code account.json} (0600) atomically. */
    public void saveAccount(Account account) {
        ObjectNode n = JSON.createObjectNode();
        account.email().ifPresent(e -> n.put("email", e));
        n.put("directory_url", account.directory().toString());
        n.putObject("registration").put("uri", account.location().toString());
        StringWriter pem = new StringWriter();
        try {
            KeyPairUtils.writeKeyPair(account.key(), pem);
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n.put("key", pem.toString()));
            SecureFiles.writeAtomically(accountFile(), bytes, SecureFiles.OWNER_READ_WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stored certificate and key, if both files exist, parse and belong together; empty otherwise (absent, or a
     * pair left half-written). A file that exists but cannot be read fails with a sentence naming it.
     */
    public Optional<CertifiedKey> loadCertificate() {
        Path cert = certificateFile();
        Path key = keyFile();
        if (!Files.exists(cert) || !Files.exists(key)) return Optional.empty();
        List<X509Certificate> chain = Pem.readCertificates(cert);
        PrivateKey privateKey = Pem.readPrivateKey(key, null);
        if (chain.isEmpty() || !belongTogether(chain.get(0).getPublicKey(), privateKey)) return Optional.empty();
        return Optional.of(new CertifiedKey(chain, privateKey));
    }

    /** Writes the key (0600), then the chain (0644), each atomically. */
    public void saveCertificate(List<X509Certificate> chain, PrivateKey key) {
        SecureFiles.writeAtomically(keyFile(), Pem.encodePrivateKey(key, null).getBytes(StandardCharsets.US_ASCII),
                SecureFiles.OWNER_READ_WRITE);
        SecureFiles.writeAtomically(certificateFile(), Pem.encodeCertificates(chain).getBytes(StandardCharsets.US_ASCII),
                SecureFiles.PUBLIC_READ);
    }

    /** Whether {@code key} is the private half of {@code publicKey}: a test signature verifies. */
    static boolean belongTogether(PublicKey publicKey, PrivateKey key) {
        try {
            String alg = switch (publicKey.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC", "ECDSA" -> "SHA256withECDSA";
                default -> publicKey.getAlgorithm(); // Ed25519, EdDSA
            };
            byte[] probe = "signet storage key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(CertifiedKey.onJdkProvider(key));
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}

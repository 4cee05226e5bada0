package dev.signet.ca.va;

import dev.signet.pki.Crypto;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A tls-alpn-01 responder (RFC 8737) on 127.0.0.1: a JSSE server presenting one self-signed certificate and choosing
 * {@code acme-tls/1} when offered (or, if told not to, no ALPN protocol at all). It records the SNI names clients
 * send, during the handshake, so they are known before the client sees the certificate.
 */
final class AlpnTestServer implements AutoCloseable {
    /**
     * What the certificate holds.
     *
     * @param subjectAltNames its subjectAltNames (none: no extension)
     * @param acmeIdentifier the bytes inside the acmeIdentifier OCTET STRING, or {@code null} for no extension
     * @param critical whether the acmeIdentifier extension is critical
     */
    record Cert(List<GeneralName> subjectAltNames, byte[] acmeIdentifier, boolean critical) {
        static Cert valid(GeneralName name, String keyAuthorization) {
            return new Cert(List.of(name), Texts.sha256(keyAuthorization), true);
        }
    }

    private final SSLServerSocket socket;
    private final boolean chooseAcmeTls;
    private final Queue<String> serverNames = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    AlpnTestServer(Cert cert, boolean chooseAcmeTls) throws IOException, GeneralSecurityException {
        this.chooseAcmeTls = chooseAcmeTls;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("key", key.getPrivate(), password, new Certificate[] {selfSigned(key, cert)});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "alpn-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The SNI host names received, in order. */
    List<String> serverNames() {
        return List.copyOf(serverNames);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (SSLSocket client = (SSLSocket) socket.accept()) {
                client.setHandshakeApplicationProtocolSelector((s, offered) ->
                        !chooseAcmeTls ? "" : offered.contains(TlsAlpn01Validator.ACME_TLS_1)
                                ? TlsAlpn01Validator.ACME_TLS_1 : null);
                SSLParameters parameters = client.getSSLParameters();
                parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        serverNames.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                client.setSSLParameters(parameters);
                client.startHandshake();
                InputStream in = client.getInputStream();
                while (in.read() >= 0) {
                    // until the validator hangs up
                }
            } catch (IOException e) {
                // a client that hung up or failed the handshake; serve the next one
            }
        }
    }

    private static X509Certificate selfSigned(KeyPair key, Cert cert) throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=tls-alpn-01 test");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name,
                key.getPublic());
        if (!cert.subjectAltNames().isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(cert.subjectAltNames().toArray(GeneralName[]::new)));
        }
        if (cert.acmeIdentifier() != null) {
            builder.addExtension(new ASN1ObjectIdentifier(TlsAlpn01Validator.ACME_IDENTIFIER_OID), cert.critical(),
                    new DEROctetString(cert.acmeIdentifier()));
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Crypto.BC).build(key.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}

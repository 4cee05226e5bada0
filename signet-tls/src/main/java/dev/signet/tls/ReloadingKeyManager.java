package dev.signet.tls;

import dev.signet.tls.acme.TlsAlpnChallenges;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose certificate can be swapped while TLS connections come and go: every new handshake presents
 * the certificate in force when it chose one; handshakes in progress and open connections are untouched. Works with
 * any consumer of an {@code SSLContext} (JSSE sockets and engines, Jetty, Netty's JDK provider, java.net.http).
 *
 * <p>JSSE asks for an alias, then, separately, for that alias's chain and key. Each certificate therefore gets its
 * own alias (a generation number), and the previous generations stay resolvable for a while, so that a handshake
 * racing a swap still gets a chain and a key that belong together.
 *
 * <p>Until a first certificate is {@linkplain #swap swapped in}, server handshakes find no certificate and fail.
 *
 * <p>tls-alpn-01 (RFC 8737) on the service's own listener: when a handshake negotiated {@code acme-tls/1} (the ALPN
 * selector of {@link SignetTls}'s context picks it when offered) and a validation certificate is published for its
 * SNI name in {@link TlsAlpnChallenges}, that certificate is presented instead. JSSE negotiates ALPN before it picks
 * the certificate only in TLS 1.3, so this answers TLS 1.3 validators (Signet, Pebble, Boulder, step-ca all offer it).
 *
 * <p>Thread-safe and lock-free: a swap is one atomic reference update.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    /** How many past generations stay resolvable by alias. */
    private static final int KEPT = 4;

    private static final String CHALLENGE_ALIAS = "acme-tls/1:";

    private final AtomicLong generations = new AtomicLong();
    private final AtomicReference<Entry> current = new AtomicReference<>();

    private final TlsAlpnChallenges challenges;

    /**
     * How long a swapped-out certificate may still be chosen by a handshake whose key types the new one does not
     * match: JSSE asks once per acceptable key type, so a swap between an EC and an RSA certificate in the middle of
     * those questions would otherwise leave the handshake with no certificate at all.
     */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** The last {@link #KEPT} certificates swapped out, newest first, with when they were. */
    private final ConcurrentLinkedDeque<Retired> retired = new ConcurrentLinkedDeque<>();

    private record Entry(String alias, CertifiedKey key) {}

    private record Retired(Entry entry, long at) {}

    public ReloadingKeyManager(CertifiedKey initial) {
        this(new TlsAlpnChallenges());
        swap(initial);
    }

    /** A key manager with no certificate yet that answers validation handshakes from {@code challenges}. */
    public ReloadingKeyManager(TlsAlpnChallenges challenges) {
        this.challenges = challenges;
    }

    /** Puts {@code next} in force for every handshake from now on. */
    public void swap(CertifiedKey next) {
        Entry previous = current.getAndSet(new Entry("signet-" + generations.incrementAndGet(), next));
        if (previous != null) retired.addFirst(new Retired(previous, System.nanoTime()));
        while (retired.size() > KEPT) retired.pollLast();
    }

    /** The certificate in force, or null before the first one. */
    public CertifiedKey current() {
        Entry e = current.get();
        return e == null ? null : e.key();
    }

    private String choose(String keyType) {
        Entry e = current.get();
        if (e == null) return null;
        if (matches(e.key(), keyType)) return e.alias();
        long now = System.nanoTime();
        for (Retired r : retired) {
            if (now - r.at() > GRACE_NANOS) break;
            if (matches(r.entry().key(), keyType)) return r.entry().alias();
        }
        return null;
    }

    /** The alias of the validation certificate when the handshake negotiated acme-tls/1, else the current one's. */
    private String chooseServer(String keyType, String protocol, SSLSession handshake) {
        if (TlsAlpnChallenges.PROTOCOL.equals(protocol)) {
            String sni = sniName(handshake);
            CertifiedKey k = challenges.find(sni).orElse(null);
            return k != null && matches(k, keyType) ? CHALLENGE_ALIAS + sni : null;
        }
        return choose(keyType);
    }

    private static String sniName(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession)) return null;
        for (SNIServerName n : ((ExtendedSSLSession) handshake).getRequestedServerNames()) {
            if (n.getType() == StandardConstants.SNI_HOST_NAME) return ((SNIHostName) n).getAsciiName();
        }
        return null;
    }

    private CertifiedKey resolve(String alias) {
        if (alias == null) return null;
        if (alias.startsWith(CHALLENGE_ALIAS)) return challenges.find(alias.substring(CHALLENGE_ALIAS.length())).orElse(null);
        Entry e = current.get();
        if (e != null && e.alias().equals(alias)) return e.key();
        for (Retired r : retired) {
            if (r.entry().alias().equals(alias)) return r.entry().key();
        }
        return null;
    }

    private static boolean matches(CertifiedKey k, String keyType) {
        if (keyType == null) return true;
        String have = k.keyType();
        if (have.equals(keyType)) return true;
        if (have.equals("RSA") && keyType.startsWith("RSA")) return true; // RSASSA-PSS signatures with an RSA key
        return have.equals("EdDSA") && keyType.equals("Ed25519");
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        if (!(socket instanceof SSLSocket)) return choose(keyType);
        SSLSocket s = (SSLSocket) socket;
        return chooseServer(keyType, s.getHandshakeApplicationProtocol(), s.getHandshakeSession());
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (engine == null) return choose(keyType);
        return chooseServer(keyType, engine.getHandshakeApplicationProtocol(), engine.getHandshakeSession());
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        if (keyTypes == null) return choose(null);
        for (String t : keyTypes) {
            String a = choose(t);
            if (a != null) return a;
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = choose(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey k = resolve(alias);
        return k == null ? null : k.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey k = resolve(alias);
        return k == null ? null : k.key();
    }
}

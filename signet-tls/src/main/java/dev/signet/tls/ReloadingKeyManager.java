package dev.signet.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
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
 * <p>Thread-safe and lock-free: a swap is one atomic reference update.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    /** How many past generations stay resolvable by alias. */
    private static final int KEPT = 4;

    private final AtomicLong generations = new AtomicLong();
    private final AtomicReference<Entry> current = new AtomicReference<>();
    private final Map<String, CertifiedKey> byAlias = new ConcurrentHashMap<>();

    private record Entry(String alias, long generation, CertifiedKey key) {}

    public ReloadingKeyManager(CertifiedKey initial) {
        swap(initial);
    }

    /** Puts {@code next} in force for every handshake from now on. */
    public void swap(CertifiedKey next) {
        long g = generations.incrementAndGet();
        String alias = "signet-" + g;
        byAlias.put(alias, next);
        current.set(new Entry(alias, g, next));
        byAlias.keySet().removeIf(a -> Long.parseLong(a.substring("signet-".length())) <= g - KEPT);
    }

    /** The certificate in force. */
    public CertifiedKey current() {
        return current.get().key();
    }

    private String choose(String keyType) {
        Entry e = current.get();
        return matches(e.key(), keyType) ? e.alias() : null;
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
        return choose(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType);
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
        CertifiedKey k = alias == null ? null : byAlias.get(alias);
        return k == null ? null : k.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey k = alias == null ? null : byAlias.get(alias);
        return k == null ? null : k.key();
    }
}

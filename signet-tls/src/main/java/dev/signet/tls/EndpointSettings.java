package dev.signet.tls;

import dev.signet.tls.acme.TlsAlpnChallenges;
import dev.signet.tls.config.TlsVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * What {@code security.tls} says about each TLS endpoint beyond its keys: the protocol versions ({@code min_version}
 * and up), whether client certificates are required or requested ({@code mtls}), and the ALPN selector that lets a
 * service's own listener answer tls-alpn-01 validations (RFC 8737 §3): it picks {@code acme-tls/1} when a client
 * offers it and otherwise the first of the endpoint's own application protocols the client offers, or none.
 *
 * <p>Immutable and thread-safe.
 *
 * @param protocols the enabled TLS versions, such as {@code TLSv1.3, TLSv1.2}
 * @param needClientAuth refuse clients without a certificate
 * @param wantClientAuth ask clients for a certificate but let them in without one
 * @param answerAcmeTls whether {@code acme-tls/1} may be negotiated
 */
public record EndpointSettings(List<String> protocols, boolean needClientAuth, boolean wantClientAuth, boolean answerAcmeTls) {
    public EndpointSettings {
        protocols = List.copyOf(protocols);
    }

    /** The versions from {@code min} up to TLS 1.3, newest first. */
    public static List<String> protocolsFrom(TlsVersion min) {
        return min == TlsVersion.TLS_1_3 ? List.of("TLSv1.3") : List.of("TLSv1.3", "TLSv1.2");
    }

    /** Applies these settings to a new engine. */
    public void apply(SSLEngine engine) {
        SSLParameters p = engine.getSSLParameters();
        engine.setSSLParameters(adjust(p, engine.getSupportedProtocols()));
        if (answerAcmeTls) engine.setHandshakeApplicationProtocolSelector((e, offered) -> select(e.getSSLParameters(), offered));
    }

    /** Applies these settings to a new socket. */
    public void apply(SSLSocket socket) {
        SSLParameters p = socket.getSSLParameters();
        socket.setSSLParameters(adjust(p, socket.getSupportedProtocols()));
        if (answerAcmeTls) socket.setHandshakeApplicationProtocolSelector((s, offered) -> select(s.getSSLParameters(), offered));
    }

    private SSLParameters adjust(SSLParameters p, String[] supported) {
        List<String> on = new ArrayList<>(protocols);
        on.retainAll(Arrays.asList(supported));
        p.setProtocols(on.toArray(new String[0]));
        if (needClientAuth) {
            p.setNeedClientAuth(true);
        } else if (wantClientAuth) {
            p.setWantClientAuth(true);
        }
        return p;
    }

    private static String select(SSLParameters own, List<String> offered) {
        if (offered.contains(TlsAlpnChallenges.PROTOCOL)) return TlsAlpnChallenges.PROTOCOL;
        String[] mine = own.getApplicationProtocols();
        if (mine == null || mine.length == 0) return "";
        for (String m : mine) {
            if (offered.contains(m)) return m;
        }
        return null;
    }
}
